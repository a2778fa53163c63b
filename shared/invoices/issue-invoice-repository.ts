import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../db/lease';
import type { Table } from '../db/table';
import { toUpdateExpression } from '../db/update-expression';
import type { Issue, IssueBilling, IssueInvoiceLink } from '../issues/issue';
import {
  ITEM_EXISTS,
  invoiceListIndex,
  issueInvoiceKey,
  issueInvoicePrefix,
  issueKey,
  parseIssueInvoiceSk,
  partitionQuery,
  qboInvoicePointerKey,
  realmInvoiceIndex,
  sortKeyOf,
} from '../keys';
import { type InvoiceSnapshot, snapshotFields } from './invoice-snapshot';
import type { IssueInvoiceRecord } from './issue-invoice-record';
import type { InvoiceStatus } from './qbo-invoice';

/** What one write of an invoice records of it: the entries it bills, the lines Deskbooks owns on it. */
export type InvoiceRecordUpdate = Pick<IssueInvoiceRecord, 'entries' | 'lineIds'> &
  InvoiceSnapshot & { invoiceId: string };

/**
 * The transaction items that record an invoice made from the issue: its record (so the list finds
 * them all, and the entries know what they are billed on), and the issue pointing at it as the
 * realm's current invoice. The issue is written only if its link for the realm is still the one
 * `issue` had, so a result recorded by someone else meanwhile is never overwritten. `previous` is the
 * invoice this one follows (paid, voided or deleted in QuickBooks), recorded as QuickBooks left it.
 */
export const issueInvoiceItems = (
  table: Table,
  input: {
    issue: Issue;
    realmId: string;
    link: IssueInvoiceLink;
    record: InvoiceRecordUpdate;
    billing: IssueBilling;
    previous?: { invoiceId: string; status: InvoiceStatus };
    createdBy: string;
  },
): TransactItem[] => {
  const { issue, realmId, link, record } = input;
  const seen = issue.qboInvoices?.[realmId];
  const hasMap = Boolean(issue.qboInvoices);
  const { invoiceId, entries, lineIds, ...snapshot } = record;
  const { GSI1PK, GSI1SK, ...stored } = snapshotFields(snapshot, { realmId, invoiceId });
  // SET only: the assignments below join it; an invoice not open leaves GSI1 out by a REMOVE at the end.
  const fields = toUpdateExpression({
    realmId,
    invoiceId,
    entries,
    lineIds,
    ...stored,
    ...(GSI1PK ? { GSI1PK, GSI1SK } : {}),
    syncedAt: link.syncedAt,
  });
  const listed = invoiceListIndex(link.syncedAt, realmId, record.invoiceId);
  return [
    {
      Update: {
        TableName: table.name,
        Key: issueKey(issue.id),
        UpdateExpression: `${hasMap ? 'SET #links.#realm = :link' : 'SET #links = :links'}, #billing = :billing`,
        ConditionExpression: [
          ITEM_EXISTS,
          'requestorId = :requestorId',
          hasMap ? '' : 'attribute_not_exists(#links)',
          seen ? '#links.#realm.syncedAt = :seenAt' : hasMap ? 'attribute_not_exists(#links.#realm)' : '',
        ]
          .filter(Boolean)
          .join(' AND '),
        ExpressionAttributeNames: {
          '#links': 'qboInvoices',
          '#billing': 'billing',
          ...(hasMap ? { '#realm': realmId } : {}),
        },
        ExpressionAttributeValues: {
          ':billing': input.billing,
          ':requestorId': issue.requestorId,
          ...(hasMap ? { ':link': link } : { ':links': { [realmId]: link } }),
          ...(seen ? { ':seenAt': seen.syncedAt } : {}),
        },
      },
    },
    {
      Update: {
        TableName: table.name,
        Key: issueInvoiceKey(issue.id, realmId, record.invoiceId),
        UpdateExpression: `${fields.expression}, ${[
          '#createdAt = if_not_exists(#createdAt, :createdAt)',
          '#createdBy = if_not_exists(#createdBy, :createdBy)',
          '#issueId = :issueId',
          '#requestorId = :requestorId',
          '#listPk = :listPk',
          '#listSk = if_not_exists(#listSk, :listSk)',
        ].join(', ')}${GSI1PK ? '' : ' REMOVE #openPk, #openSk'}`,
        ExpressionAttributeNames: {
          ...fields.names,
          '#createdAt': 'createdAt',
          '#createdBy': 'createdBy',
          '#issueId': 'issueId',
          '#requestorId': 'requestorId',
          '#listPk': 'GSI2PK',
          '#listSk': 'GSI2SK',
          ...(GSI1PK ? {} : { '#openPk': 'GSI1PK', '#openSk': 'GSI1SK' }),
        },
        ExpressionAttributeValues: {
          ...fields.values,
          ':createdAt': link.syncedAt,
          ':createdBy': input.createdBy,
          ':issueId': issue.id,
          ':requestorId': issue.requestorId,
          ':listPk': listed.GSI2PK,
          ':listSk': listed.GSI2SK,
        },
      },
    },
    // Which issue the invoice is of; counted among the company's synced invoices by its last sync (GSI1).
    {
      Put: {
        TableName: table.name,
        Item: {
          ...qboInvoicePointerKey(realmId, record.invoiceId),
          ...realmInvoiceIndex(realmId, link.syncedAt, record.invoiceId),
          issueId: issue.id,
          realmId,
          syncedAt: link.syncedAt,
        },
      },
    },
    ...(input.previous && input.previous.invoiceId !== record.invoiceId
      ? [invoiceStatusUpdate(table, { issueId: issue.id, realmId, ...input.previous })]
      : []),
  ];
};

/** Records an invoice's status as QuickBooks showed it, on the record of an invoice Deskbooks made. */
export const invoiceStatusUpdate = (
  table: Table,
  input: { issueId: number; realmId: string; invoiceId: string; status: InvoiceStatus },
): TransactItem => ({
  Update: {
    TableName: table.name,
    Key: issueInvoiceKey(input.issueId, input.realmId, input.invoiceId),
    UpdateExpression: 'SET #status = :status',
    ConditionExpression: ITEM_EXISTS,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': input.status },
  },
});

export type RecordedInvoice = { invoiceId: string; status?: InvoiceStatus };

/**
 * The invoices made from the issue in one realm, oldest first, with the status last recorded: one
 * Query over the realm's invoice items of the issue's partition, reading only keys and status.
 */
export const listRecordedInvoices = async (
  table: Table,
  issueId: number,
  realmId: string,
): Promise<RecordedInvoice[]> => {
  const invoices: RecordedInvoice[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const query = partitionQuery(issueKey(issueId), issueInvoicePrefix(realmId));
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...query,
        ProjectionExpression: 'SK, #status',
        ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#status': 'status' },
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) {
      const key = parseIssueInvoiceSk(sortKeyOf(item));
      if (key)
        invoices.push({
          invoiceId: key.invoiceId,
          ...(item.status ? { status: item.status as InvoiceStatus } : {}),
        });
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return invoices.sort(
    (a, b) => Number(a.invoiceId) - Number(b.invoiceId) || a.invoiceId.localeCompare(b.invoiceId),
  );
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
