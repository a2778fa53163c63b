import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { setMapEntry } from '../db/map-entry';
import type { Table } from '../db/table';
import type { IssueInvoiceLink } from '../issues/issue';
import { ISSUE_SK, issueInvoiceKey, issueKey, parseIssueInvoiceSk } from '../keys';

/** The issue item's attribute that holds the lease of an invoice write in progress (see runUnderLease). */
export const INVOICE_LEASE = 'qboInvoiceLock';

/**
 * Records an invoice made from the issue (an item per invoice, so the list can find them all) and
 * points the issue at it as the realm's current invoice.
 */
export const saveIssueInvoice = async (
  table: Table,
  input: { issueId: number; realmId: string; link: IssueInvoiceLink; createdBy: string },
): Promise<void> => {
  await table.doc.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...issueInvoiceKey(input.issueId, input.realmId, input.link.invoiceId),
        realmId: input.realmId,
        invoiceId: input.link.invoiceId,
        createdAt: input.link.syncedAt,
        createdBy: input.createdBy,
      },
    }),
  );
  await setMapEntry(table, issueKey(input.issueId), 'qboInvoices', input.realmId, input.link);
};

/**
 * The ids of the invoices made from the issue in one realm, oldest first, from one Query that reads
 * only sort keys; `issueExists` is false when there is no such issue.
 */
export const listIssueInvoiceIds = async (
  table: Table,
  issueId: number,
  realmId: string,
): Promise<{ issueExists: boolean; invoiceIds: string[] }> => {
  const { PK } = issueKey(issueId);
  const sortKeys: string[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk',
        ProjectionExpression: 'SK',
        ExpressionAttributeValues: { ':pk': PK },
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) sortKeys.push(String(item.SK));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  const invoiceIds = sortKeys
    .filter((sk) => sk !== ISSUE_SK)
    .map(parseIssueInvoiceSk)
    .filter((key) => key.realmId === realmId)
    .map((key) => key.invoiceId)
    .sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  return { issueExists: sortKeys.includes(ISSUE_SK), invoiceIds };
};
