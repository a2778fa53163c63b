import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryPage } from '../db/query-page';
import { isConditionFailure, type Table } from '../db/table';
import {
  actorSyncFailuresPartition,
  ITEM_EXISTS,
  partitionQuery,
  SYNC_FAILURE_LIST_PARTITION,
  type SyncSubjectKind,
  syncFailureKey,
  syncFailurePartition,
  withoutKeys,
} from '../keys';
import { countIndexPartition } from './index-counts';
import type { SyncFailure, SyncSubject } from './sync-failure';

const fromItem = (item: Record<string, unknown>) => withoutKeys(item) as SyncFailure;

/** Whose failures a list shows: everyone's (admins, GSI2) or one actor's (staff, GSI1). */
export type FailureScope = { actorId?: string };

const scopeIndex = (scope: FailureScope) =>
  scope.actorId
    ? { indexName: 'GSI1' as const, partition: actorSyncFailuresPartition(scope.actorId) }
    : { indexName: 'GSI2' as const, partition: SYNC_FAILURE_LIST_PARTITION };

export const getSyncFailure = async (
  table: Table,
  subject: SyncSubject,
): Promise<SyncFailure | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({
      TableName: table.name,
      Key: syncFailureKey(subject.kind, subject.subjectId, subject.realmId),
      ConsistentRead: true,
    }),
  );
  return Item ? fromItem(Item) : undefined;
};

/** A page of failures in the scope, newest first: one Query of the scope's index. */
export const pageSyncFailures = async (
  table: Table,
  input: FailureScope & { limit: number; cursor?: string },
): Promise<{ failures: SyncFailure[]; nextCursor?: string }> => {
  const page = await queryPage(table, {
    ...scopeIndex(input),
    newestFirst: true,
    limit: input.limit,
    cursor: input.cursor,
  });
  return { failures: page.rows.map(fromItem), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
};

/** One subject's failures (one per company at most), newest first: one Query of its partition. */
export const listSubjectFailures = async (
  table: Table,
  subject: { kind: SyncSubjectKind; subjectId: string },
): Promise<SyncFailure[]> => {
  const failures: SyncFailure[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...partitionQuery({ PK: syncFailurePartition(subject.kind, subject.subjectId) }),
        ExclusiveStartKey: startKey,
      }),
    );
    failures.push(...(page.Items ?? []).map(fromItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return failures.sort((a, b) => b.failedAt.localeCompare(a.failedAt));
};

/** How many failures the scope holds: a COUNT Query of its index. */
export const countSyncFailures = (table: Table, scope: FailureScope): Promise<number> => {
  const { indexName, partition } = scopeIndex(scope);
  return countIndexPartition(table, indexName, partition);
};

/** Deletes the failure if it is there (and, with `actorId`, only if that actor's): whether it was. */
export const deleteSyncFailure = async (
  table: Table,
  subject: SyncSubject,
  scope: FailureScope,
): Promise<boolean> => {
  try {
    await table.doc.send(
      new DeleteCommand({
        TableName: table.name,
        Key: syncFailureKey(subject.kind, subject.subjectId, subject.realmId),
        ConditionExpression: scope.actorId ? `${ITEM_EXISTS} AND #actorId = :actorId` : ITEM_EXISTS,
        ...(scope.actorId
          ? {
              ExpressionAttributeNames: { '#actorId': 'actorId' },
              ExpressionAttributeValues: { ':actorId': scope.actorId },
            }
          : {}),
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};
