import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { acquireLease, releaseLease, waitForLease } from '../db/lease';
import { setMapEntry } from '../db/map-entry';
import type { Table } from '../db/table';
import type { Issue, IssueInvoiceLink } from '../issues/issue';
import { ISSUE_SK, issueInvoiceKey, issueKey, parseIssueInvoiceSk } from '../keys';

const LOCK_ATTRIBUTE = 'qboInvoiceLock';

export const acquireInvoiceLock = (
  table: Table,
  issueId: number,
  lease: { holder: string; until: Date; now: Date },
) => acquireLease(table, issueKey(issueId), LOCK_ATTRIBUTE, lease);

export const releaseInvoiceLock = (table: Table, issueId: number, holder: string) =>
  releaseLease(table, issueKey(issueId), LOCK_ATTRIBUTE, holder);

/** Waits for another create/update of this issue's invoice to finish; returns the issue as it left it. */
export const waitForInvoiceLock = async (table: Table, issueId: number, now: () => Date) =>
  (await waitForLease(table, issueKey(issueId), LOCK_ATTRIBUTE, now)) as Issue | undefined;

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
