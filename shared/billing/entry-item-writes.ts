import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../audit/audit-event';
import { auditEventItem, type WriteAuditEventDeps } from '../audit/write-audit-event';
import type { Table } from '../db/table';
import { failedConditions } from '../db/transact';
import { toUpdateExpression } from '../db/update-expression';
import { ConflictError, NotFoundError } from '../errors';
import { ITEM_EXISTS, ITEM_IS_NEW, issueEntryKey, issueKey } from '../keys';
import type { BillableEntry } from './billable-entry';
import { entryFromItem } from './entry-repository';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type AuditInput = Omit<AuditEvent, 'id' | 'at'>;

/** An entry of this issue; an id of another issue's entry finds nothing here. */
export const getIssueEntry = async (
  table: Table,
  issueId: number,
  entryId: string,
): Promise<BillableEntry | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: issueEntryKey(issueId, entryId), ConsistentRead: true }),
  );
  return Item ? entryFromItem(Item) : undefined;
};

const staleError = () =>
  new ConflictError('This billable entry was changed by someone else; reload and try again');

/** The entry's writes and its audit event in one transaction; `failed` names the error for failed conditions. */
export const writeWithAudit = async (
  deps: WriteAuditEventDeps,
  items: TransactItem[],
  audit: AuditInput,
  failed: (itemIndexes: number[]) => Error,
): Promise<void> => {
  try {
    await deps.table.doc.send(
      new TransactWriteCommand({ TransactItems: [...items, auditEventItem(deps, audit)] }),
    );
  } catch (error) {
    const itemIndexes = failedConditions(error);
    throw itemIndexes.length ? failed(itemIndexes) : error;
  }
};

/** The entry's key, on condition it is still at the version read. */
const atVersion = (table: Table, entry: BillableEntry) => ({
  TableName: table.name,
  Key: issueEntryKey(entry.issueId, entry.id),
  ConditionExpression: '#version = :expectedVersion',
  ExpressionAttributeNames: { '#version': 'version' } as Record<string, string>,
  ExpressionAttributeValues: { ':expectedVersion': entry.version } as Record<string, unknown>,
});

/** The Put that adds an entry, on condition its id is new. */
export const newEntryPut = (table: Table, entry: BillableEntry): TransactItem => ({
  Put: {
    TableName: table.name,
    Item: { ...issueEntryKey(entry.issueId, entry.id), ...entry },
    ConditionExpression: ITEM_IS_NEW,
  },
});

/** Adds the entry and its audit event, while the issue exists. */
export const insertIssueEntry = (deps: WriteAuditEventDeps, entry: BillableEntry, audit: AuditInput) => {
  const { name: TableName } = deps.table;
  return writeWithAudit(
    deps,
    [
      newEntryPut(deps.table, entry),
      { ConditionCheck: { TableName, Key: issueKey(entry.issueId), ConditionExpression: ITEM_EXISTS } },
    ],
    audit,
    (itemIndexes) => (itemIndexes.includes(1) ? new NotFoundError('Issue') : staleError()),
  );
};

/** Saves the entry as `after` if it is still at the version read. */
export const saveIssueEntry = (
  deps: WriteAuditEventDeps,
  before: BillableEntry,
  after: BillableEntry,
  audit: AuditInput,
) => {
  const {
    id: _id,
    issueId: _issueId,
    kind: _kind,
    createdBy: _createdBy,
    createdAt: _createdAt,
    ...fields
  } = after;
  const update = toUpdateExpression(fields);
  const condition = atVersion(deps.table, before);
  return writeWithAudit(
    deps,
    [
      {
        Update: {
          ...condition,
          UpdateExpression: update.expression,
          ExpressionAttributeNames: { ...update.names, ...condition.ExpressionAttributeNames },
          ExpressionAttributeValues: { ...update.values, ...condition.ExpressionAttributeValues },
        },
      },
    ],
    audit,
    staleError,
  );
};

/** Deletes the entry and records it, if nobody changed it since it was read. */
export const deleteIssueEntry = (deps: WriteAuditEventDeps, entry: BillableEntry, audit: AuditInput) =>
  writeWithAudit(deps, [{ Delete: atVersion(deps.table, entry) }], audit, staleError);
