import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../audit/audit-event';
import { auditEventItem, type WriteAuditEventDeps } from '../audit/write-audit-event';
import { getItems } from '../db/batch-get';
import { isConditionFailure, type Table } from '../db/table';
import { failedConditions } from '../db/transact';
import { toUpdateExpression } from '../db/update-expression';
import { ConflictError } from '../errors';
import {
  CATALOG_ITEM_SK_PREFIX,
  catalogItemKey,
  catalogNameGuardKey,
  catalogPartitionKey,
  ITEM_IS_NEW,
  keyId,
  partitionQuery,
  withoutKeys,
} from '../keys';
import type { CatalogItem } from './catalog-item';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type AuditInput = Omit<AuditEvent, 'id' | 'at'>;

const sameGuard = (a: string, b: string) => catalogNameGuardKey(a).SK === catalogNameGuardKey(b).SK;
const fromItem = (item: Record<string, unknown>) => withoutKeys(item) as CatalogItem;

/** Every catalogue entry: one Query over the catalogue partition, reading only its items (not the name guards). */
export const listCatalogItems = async (table: Table): Promise<CatalogItem[]> => {
  const items: CatalogItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...partitionQuery(catalogPartitionKey(), CATALOG_ITEM_SK_PREFIX),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []).map(fromItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

export const getCatalogItem = async (table: Table, itemId: string): Promise<CatalogItem | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: catalogItemKey(itemId), ConsistentRead: true }),
  );
  return Item ? fromItem(Item) : undefined;
};

/** Catalogue entries by id, with one BatchGetItem per 100; missing ids are left out. */
export const getCatalogItems = async (table: Table, itemIds: string[]): Promise<Map<string, CatalogItem>> => {
  const found = await getItems(table, itemIds.map(catalogItemKey));
  return new Map(
    itemIds.flatMap((id) => {
      const item = found.get(keyId(catalogItemKey(id)));
      return item ? [[id, fromItem(item)] as const] : [];
    }),
  );
};

/** The clash names the entry that holds the name now, as it is spelled there. */
const nameTakenError = async (table: Table, name: string) => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: catalogNameGuardKey(name), ConsistentRead: true }),
  );
  const existing = typeof Item?.name === 'string' ? Item.name : name;
  const message = `The catalogue already has an entry named "${existing}" (names are compared ignoring case)`;
  return new ConflictError(message, { fieldErrors: { name: [message] }, existingId: Item?.itemId });
};

const guardPut = (table: Table, item: Pick<CatalogItem, 'id' | 'name'>): TransactItem => ({
  Put: {
    TableName: table.name,
    Item: { ...catalogNameGuardKey(item.name), itemId: item.id, name: item.name },
    ConditionExpression: ITEM_IS_NEW,
  },
});

/** Creates the entry and claims its name in one transaction (with its audit event), so no two share a name. */
export const insertCatalogItem = async (
  deps: WriteAuditEventDeps,
  item: CatalogItem,
  audit: AuditInput,
): Promise<void> => {
  try {
    await deps.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          guardPut(deps.table, item),
          {
            Put: {
              TableName: deps.table.name,
              Item: { ...catalogItemKey(item.id), ...item },
              ConditionExpression: ITEM_IS_NEW,
            },
          },
          auditEventItem(deps, audit),
        ],
      }),
    );
  } catch (error) {
    if (failedConditions(error).includes(0)) throw await nameTakenError(deps.table, item.name);
    throw error;
  }
};

/**
 * Saves the changed fields if the entry is still at the version read (`before`); a rename moves the
 * name guard in the same transaction, so a clash or a stale version changes nothing.
 */
export const saveCatalogItem = async (
  deps: WriteAuditEventDeps,
  before: CatalogItem,
  after: CatalogItem,
  audit: AuditInput,
): Promise<void> => {
  const { id: _id, createdAt: _createdAt, ...fields } = after;
  const update = toUpdateExpression(fields);
  const items: TransactItem[] = [
    {
      Update: {
        TableName: deps.table.name,
        Key: catalogItemKey(before.id),
        UpdateExpression: update.expression,
        ConditionExpression: '#version = :expectedVersion',
        ExpressionAttributeNames: { ...update.names, '#version': 'version' },
        ExpressionAttributeValues: { ...update.values, ':expectedVersion': before.version },
      },
    },
    auditEventItem(deps, audit),
  ];
  const renamed = !sameGuard(before.name, after.name);
  if (renamed) {
    items.push(guardPut(deps.table, after), {
      Delete: {
        TableName: deps.table.name,
        Key: catalogNameGuardKey(before.name),
        ConditionExpression: 'itemId = :itemId',
        ExpressionAttributeValues: { ':itemId': before.id },
      },
    });
  } else if (before.name !== after.name) {
    // Same guard, new spelling: the clash message shows the name as it is spelled now.
    items.push({
      Put: {
        TableName: deps.table.name,
        Item: { ...catalogNameGuardKey(after.name), itemId: after.id, name: after.name },
        ConditionExpression: 'itemId = :itemId',
        ExpressionAttributeValues: { ':itemId': before.id },
      },
    });
  }
  try {
    await deps.table.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    if (renamed && failedConditions(error).includes(2)) throw await nameTakenError(deps.table, after.name);
    throw new ConflictError('This catalogue entry was changed by someone else; reload and try again');
  }
};
