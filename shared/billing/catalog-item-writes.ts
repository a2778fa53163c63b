import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../audit/audit-event';
import { auditEventItem, type WriteAuditEventDeps } from '../audit/write-audit-event';
import type { Table } from '../db/table';
import { failedConditions } from '../db/transact';
import { toUpdateExpression } from '../db/update-expression';
import { ConflictError } from '../errors';
import { catalogItemKey, catalogNameGuardKey, ITEM_IS_NEW, withoutKeys } from '../keys';
import type { CatalogItem } from './catalog-item';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type AuditInput = Omit<AuditEvent, 'id' | 'at'>;

export const getCatalogItem = async (table: Table, itemId: string): Promise<CatalogItem | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: catalogItemKey(itemId), ConsistentRead: true }),
  );
  return Item ? (withoutKeys(Item) as CatalogItem) : undefined;
};

/**
 * One transaction: the entry's write, its audit event and, when its name is new to the catalogue
 * (ignoring case), the claim of that name (a guard item) and the release of the old one. So two
 * entries never share a name, and a clash or a stale version changes nothing.
 */
const writeCatalogItem = async (
  deps: WriteAuditEventDeps,
  write: TransactItem,
  names: { id: string; name: string; before?: string },
  audit: AuditInput,
): Promise<void> => {
  const { table } = deps;
  const renamed =
    names.before === undefined || catalogNameGuardKey(names.before).SK !== catalogNameGuardKey(names.name).SK;
  const guards: TransactItem[] = renamed
    ? [
        {
          Put: {
            TableName: table.name,
            Item: { ...catalogNameGuardKey(names.name), itemId: names.id },
            ConditionExpression: ITEM_IS_NEW,
          },
        },
        ...(names.before === undefined
          ? []
          : [
              {
                Delete: {
                  TableName: table.name,
                  Key: catalogNameGuardKey(names.before),
                  ConditionExpression: 'itemId = :itemId',
                  ExpressionAttributeValues: { ':itemId': names.id },
                },
              },
            ]),
      ]
    : [];
  try {
    await table.doc.send(
      new TransactWriteCommand({ TransactItems: [write, auditEventItem(deps, audit), ...guards] }),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (renamed && failed.includes(2)) {
      const message = `The catalogue already has an entry named "${names.name}" (names are compared ignoring case)`;
      throw new ConflictError(message, { fieldErrors: { name: [message] } });
    }
    if (failed.length)
      throw new ConflictError('This catalogue entry was changed by someone else; reload and try again');
    throw error;
  }
};

export const insertCatalogItem = (deps: WriteAuditEventDeps, item: CatalogItem, audit: AuditInput) =>
  writeCatalogItem(
    deps,
    {
      Put: {
        TableName: deps.table.name,
        Item: { ...catalogItemKey(item.id), ...item },
        ConditionExpression: ITEM_IS_NEW,
      },
    },
    item,
    audit,
  );

/** Saves the entry as `after` if it is still at the version read (`before`). */
export const saveCatalogItem = (
  deps: WriteAuditEventDeps,
  before: CatalogItem,
  after: CatalogItem,
  audit: AuditInput,
) => {
  const { id: _id, createdAt: _createdAt, ...fields } = after;
  const update = toUpdateExpression(fields);
  return writeCatalogItem(
    deps,
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
    { id: before.id, name: after.name, before: before.name },
    audit,
  );
};
