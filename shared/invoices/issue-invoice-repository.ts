import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../db/lease';
import type { Table } from '../db/table';
import type { Issue, IssueInvoiceLink } from '../issues/issue';
import {
  ITEM_EXISTS,
  issueInvoiceKey,
  issueInvoicePrefix,
  issueKey,
  parseIssueInvoiceSk,
  sortKeyOf,
  sortKeysQuery,
} from '../keys';

/**
 * The transaction items that record an invoice made from the issue: an item per invoice (so the
 * list finds them all), and the issue pointing at it as the realm's current invoice. The issue is
 * written only if its link for the realm is still the one `issue` had, so a result recorded by
 * someone else meanwhile is never overwritten.
 */
export const issueInvoiceItems = (
  table: Table,
  input: { issue: Issue; realmId: string; link: IssueInvoiceLink; createdBy: string },
): TransactItem[] => {
  const { issue, realmId, link } = input;
  const seen = issue.qboInvoices?.[realmId];
  const hasMap = Boolean(issue.qboInvoices);
  return [
    {
      Update: {
        TableName: table.name,
        Key: issueKey(issue.id),
        UpdateExpression: hasMap ? 'SET #links.#realm = :link' : 'SET #links = :links',
        ConditionExpression: [
          ITEM_EXISTS,
          'requestorId = :requestorId',
          hasMap ? '' : 'attribute_not_exists(#links)',
          seen ? '#links.#realm.syncedAt = :seenAt' : hasMap ? 'attribute_not_exists(#links.#realm)' : '',
        ]
          .filter(Boolean)
          .join(' AND '),
        ExpressionAttributeNames: { '#links': 'qboInvoices', ...(hasMap ? { '#realm': realmId } : {}) },
        ExpressionAttributeValues: {
          ':requestorId': issue.requestorId,
          ...(hasMap ? { ':link': link } : { ':links': { [realmId]: link } }),
          ...(seen ? { ':seenAt': seen.syncedAt } : {}),
        },
      },
    },
    {
      Put: {
        TableName: table.name,
        Item: {
          ...issueInvoiceKey(issue.id, realmId, link.invoiceId),
          realmId,
          invoiceId: link.invoiceId,
          createdAt: link.syncedAt,
          createdBy: input.createdBy,
        },
      },
    },
  ];
};

/**
 * The ids of the invoices made from the issue in one realm, oldest first: one Query over the
 * realm's invoice items of the issue's partition, reading only sort keys.
 */
export const listIssueInvoiceIds = async (
  table: Table,
  issueId: number,
  realmId: string,
): Promise<string[]> => {
  const invoiceIds: string[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...sortKeysQuery(issueKey(issueId), issueInvoicePrefix(realmId)),
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) {
      const key = parseIssueInvoiceSk(sortKeyOf(item));
      if (key) invoiceIds.push(key.invoiceId);
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return invoiceIds.sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
};

/** Whether Deskbooks made this invoice from this issue, in this company: one GetItem. */
export const isIssueInvoice = async (
  table: Table,
  input: { issueId: number; realmId: string; invoiceId: string },
): Promise<boolean> => {
  const { Item } = await table.doc.send(
    new GetCommand({
      TableName: table.name,
      Key: issueInvoiceKey(input.issueId, input.realmId, input.invoiceId),
      ProjectionExpression: 'invoiceId',
    }),
  );
  return Item !== undefined;
};
