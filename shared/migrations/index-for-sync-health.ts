import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getItems } from '../db/batch-get';
import { isConditionFailure, type Table } from '../db/table';
import { toUpdateExpression } from '../db/update-expression';
import {
  ITEM_EXISTS,
  issueInvoiceKey,
  keyId,
  parseQboPointerKey,
  realmCustomerIndex,
  realmInvoiceIndex,
  type TableKey,
  unindexedSyncPointers,
  userKey,
} from '../keys';
import { indexKeysOf } from '../table-definition';
import type { User } from '../users/user';
import type { MigrationDeps } from './migration-deps';

export type SyncHealthIndexing = { customers: number; invoices: number };

type Pointer = {
  key: TableKey;
  kind: 'customer' | 'invoice';
  realmId: string;
  qboId: string;
  item: Record<string, unknown>;
};

/** What a pointer is counted by (its company's GSI1 partition, when it was synced), or undefined to leave it. */
type Indexed = { index: Record<string, string>; syncedAt: string } | undefined;

const pointersOf = (items: Record<string, unknown>[]): Pointer[] =>
  items.flatMap((item) => {
    const key = { PK: String(item.PK), SK: String(item.SK) };
    const parsed = parseQboPointerKey(key);
    return parsed ? [{ key, ...parsed, item }] : [];
  });

const userIdOf = (pointer: Pointer) => String(pointer.item.userId);
const recordKeyOf = (pointer: Pointer) =>
  issueInvoiceKey(Number(pointer.item.issueId), pointer.realmId, pointer.qboId);

/** A customer pointer counts while the user's link in its company still names that customer. */
const customerIndex = (pointer: Pointer, users: Map<string, Record<string, unknown>>): Indexed => {
  const user = users.get(keyId(userKey(userIdOf(pointer)))) as User | undefined;
  const link = user?.qboCustomers?.[pointer.realmId];
  if (link?.customerId !== pointer.qboId) return undefined;
  return {
    index: realmCustomerIndex(pointer.realmId, link.syncedAt, pointer.qboId),
    syncedAt: link.syncedAt,
  };
};

/** An invoice pointer counts by its record's last sync (or, before snapshots, when it was made). */
const invoiceIndex = (pointer: Pointer, records: Map<string, Record<string, unknown>>): Indexed => {
  const record = records.get(keyId(recordKeyOf(pointer)));
  const syncedAt = record?.syncedAt ?? record?.createdAt;
  if (typeof syncedAt !== 'string') return undefined;
  return { index: realmInvoiceIndex(pointer.realmId, syncedAt, pointer.qboId), syncedAt };
};

/** Adds the index unless a sync gave the pointer one meanwhile (its own is newer). */
const indexPointer = async (table: Table, key: TableKey, indexed: NonNullable<Indexed>) => {
  const update = toUpdateExpression({ ...indexed.index, syncedAt: indexed.syncedAt });
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: update.expression,
        ConditionExpression: `${ITEM_EXISTS} AND attribute_not_exists(#indexed)`,
        ExpressionAttributeNames: { ...update.names, '#indexed': indexKeysOf('GSI1').partitionKey },
        ExpressionAttributeValues: update.values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** One Scan page's pointers: the users and invoice records they need in one BatchGetItem, then an UpdateItem each. */
const indexPage = async (table: Table, items: Record<string, unknown>[], done: SyncHealthIndexing) => {
  const pointers = pointersOf(items);
  const named = await getItems(
    table,
    pointers.map((pointer) =>
      pointer.kind === 'customer' ? userKey(userIdOf(pointer)) : recordKeyOf(pointer),
    ),
  );
  for (const pointer of pointers) {
    const indexed =
      pointer.kind === 'customer' ? customerIndex(pointer, named) : invoiceIndex(pointer, named);
    if (indexed && (await indexPointer(table, pointer.key, indexed)))
      done[pointer.kind === 'customer' ? 'customers' : 'invoices'] += 1;
  }
};

/**
 * What Settings → QBO → Sync health counts, for pointers written before it: each customer pointer
 * that is still its user's link, and each invoice pointer, joins its company's partition of GSI1 by
 * when it was synced. A customer the user is no longer linked to stays uncounted. Idempotent.
 */
export const indexForSyncHealth = async (deps: MigrationDeps): Promise<SyncHealthIndexing> => {
  const done: SyncHealthIndexing = { customers: 0, invoices: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    // Not a request path: a migration reads the whole table once, a page at a time.
    const page = await deps.table.doc.send(
      new ScanCommand({
        TableName: deps.table.name,
        ...unindexedSyncPointers(),
        ExclusiveStartKey: startKey,
      }),
    );
    await indexPage(deps.table, page.Items ?? [], done);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return done;
};
