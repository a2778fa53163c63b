import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withoutLease } from '../db/lease';
import { queryPage } from '../db/query-page';
import { isConditionFailure, type Table } from '../db/table';
import { toUpdateExpression } from '../db/update-expression';
import { ConflictError } from '../errors';
import { bothFilters, type Filter } from '../invoices/billing-filter';
import {
  ISSUE_LIST_PARTITION,
  ITEM_IS_NEW,
  issueCounterKey,
  issueKey,
  issueListIndex,
  issueRequestorIndex,
  requestorPartition,
  withoutKeys,
} from '../keys';
import type { Issue, IssueStatus } from './issue';

const toItem = (issue: Issue) => ({
  ...issueKey(issue.id),
  ...issueRequestorIndex(issue.requestorId, issue.id),
  ...issueListIndex(issue.id),
  ...issue,
});

export const issueFromItem = (item: Record<string, unknown>): Issue =>
  withoutLease(withoutKeys(item)) as Issue;
const fromItem = issueFromItem;

/** Issue numbers come from one atomic counter, so two creates never get the same number. */
export const nextIssueId = async (table: Table): Promise<number> => {
  const result = await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: issueCounterKey(),
      UpdateExpression: 'ADD #last :one',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.last);
};

export const insertIssue = async (table: Table, issue: Issue): Promise<void> => {
  await table.doc.send(
    new PutCommand({
      TableName: table.name,
      Item: toItem(issue),
      ConditionExpression: ITEM_IS_NEW,
    }),
  );
};

export const getIssue = async (
  table: Table,
  issueId: number,
  options: { consistent?: boolean } = {},
): Promise<Issue | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: issueKey(issueId), ConsistentRead: options.consistent }),
  );
  return Item ? fromItem(Item) : undefined;
};

/** Saves changed fields if nobody saved the issue since `before` was read. */
export const saveIssue = async (
  table: Table,
  before: Issue,
  patch: Partial<Record<keyof Issue, unknown>>,
): Promise<Issue> => {
  const requestorId = typeof patch.requestorId === 'string' ? patch.requestorId : before.requestorId;
  const update = toUpdateExpression({ ...patch, ...issueRequestorIndex(requestorId, before.id) });
  try {
    const result = await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: issueKey(before.id),
        UpdateExpression: update.expression,
        ConditionExpression: 'updatedAt = :expectedUpdatedAt',
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: { ...update.values, ':expectedUpdatedAt': before.updatedAt },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(result.Attributes ?? {});
  } catch (error) {
    if (isConditionFailure(error))
      throw new ConflictError('This issue was changed by someone else; reload and try again');
    throw error;
  }
};

export type ListIssuesQuery = {
  status?: IssueStatus;
  /** A "Billing" state's filter (shared/invoices/billing-filter.ts). */
  billing?: Filter;
  requestorId?: string;
  limit: number;
  cursor?: string;
};

/** Newest first: one Query on the app-wide list, or on the requestor's list for a customer. */
export const listIssues = async (
  table: Table,
  query: ListIssuesQuery,
): Promise<{ items: Issue[]; nextCursor?: string }> => {
  const page = await queryPage(table, {
    ...(query.requestorId
      ? { indexName: 'GSI1', partition: requestorPartition(query.requestorId) }
      : { indexName: 'GSI2', partition: ISSUE_LIST_PARTITION }),
    newestFirst: true,
    filter: bothFilters(
      query.status
        ? {
            expression: '#status = :status',
            names: { '#status': 'status' },
            values: { ':status': query.status },
          }
        : undefined,
      query.billing,
    ),
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.rows.map(fromItem), nextCursor: page.nextCursor };
};
