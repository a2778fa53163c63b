import { auditEventItem } from '../audit/write-audit-event';
import { getItems } from '../db/batch-get';
import type { TransactItem } from '../db/lease';
import type { Table } from '../db/table';
import { failedConditions, transact } from '../db/transact';
import { toUpdateExpression } from '../db/update-expression';
import { invoiceSubject } from '../invoices/invoice-audit';
import { type InvoiceSnapshot, issueBillingOf, snapshotFields } from '../invoices/invoice-snapshot';
import { type IssueInvoiceRecord, invoiceLabel } from '../invoices/issue-invoice-record';
import type { Issue } from '../issues/issue';
import { ITEM_EXISTS, issueInvoiceKey, issueKey, keyId, qboInvoicePointerKey, withoutKeys } from '../keys';
import { historyLinesOf } from './invoice-history';

/** Who the trail names for what QuickBooks did by itself (a payment, a void): nobody in Deskbooks. */
export const QUICKBOOKS_ACTOR = 'quickbooks';

/** An invoice of the company that Deskbooks made, with what it holds of it. */
export type OurInvoice = {
  realmId: string;
  invoiceId: string;
  issueId: number;
  record?: IssueInvoiceRecord;
  issue?: Issue;
};

/**
 * Which of these invoices of the company Deskbooks made, and what it holds of them: the pointers in
 * one BatchGetItem (per 100), then their records and issues in another. Invoices made elsewhere are left out.
 */
export const ourInvoices = async (
  table: Table,
  realmId: string,
  invoiceIds: readonly string[],
): Promise<OurInvoice[]> => {
  const ids = [...new Set(invoiceIds)];
  const pointers = await getItems(
    table,
    ids.map((id) => qboInvoicePointerKey(realmId, id)),
  );
  const found = ids.flatMap((invoiceId) => {
    const pointer = pointers.get(keyId(qboInvoicePointerKey(realmId, invoiceId)));
    return pointer ? [{ realmId, invoiceId, issueId: Number(pointer.issueId) }] : [];
  });
  const held = await getItems(
    table,
    found.flatMap((invoice) => [
      issueInvoiceKey(invoice.issueId, realmId, invoice.invoiceId),
      issueKey(invoice.issueId),
    ]),
  );
  return found.map((invoice) => {
    const record = held.get(keyId(issueInvoiceKey(invoice.issueId, realmId, invoice.invoiceId)));
    const issue = held.get(keyId(issueKey(invoice.issueId)));
    return {
      ...invoice,
      ...(record
        ? {
            record: { ...(withoutKeys(record) as IssueInvoiceRecord), realmId, invoiceId: invoice.invoiceId },
          }
        : {}),
      ...(issue ? { issue: withoutKeys(issue) as Issue } : {}),
    };
  });
};

export type SnapshotOutcome = 'stored' | 'older';

const NEWER_ONLY = 'attribute_not_exists(#syncToken) OR #syncToken < :syncToken';

const recordUpdate = (table: Table, invoice: OurInvoice, snapshot: InvoiceSnapshot): TransactItem => {
  const fields = toUpdateExpression(snapshotFields(snapshot, invoice));
  return {
    Update: {
      TableName: table.name,
      Key: issueInvoiceKey(invoice.issueId, invoice.realmId, invoice.invoiceId),
      UpdateExpression: fields.expression,
      ConditionExpression: `${ITEM_EXISTS} AND (${NEWER_ONLY})`,
      ExpressionAttributeNames: { ...fields.names, '#syncToken': 'syncToken' },
      ExpressionAttributeValues: { ...fields.values, ':syncToken': snapshot.syncToken },
    },
  };
};

// The issues list shows the issue's latest invoice: written only while it still is.
const issueBillingUpdate = (table: Table, invoice: OurInvoice, snapshot: InvoiceSnapshot): TransactItem => ({
  Update: {
    TableName: table.name,
    Key: issueKey(invoice.issueId),
    UpdateExpression: 'SET #billing = :billing',
    // An issue invoiced before snapshots has no billing yet: its link in the company says which is current.
    ConditionExpression:
      '#billing.#invoiceId = :invoiceId OR (attribute_not_exists(#billing) AND #links.#realm.#invoiceId = :invoiceId)',
    ExpressionAttributeNames: {
      '#billing': 'billing',
      '#invoiceId': 'invoiceId',
      '#links': 'qboInvoices',
      '#realm': invoice.realmId,
    },
    ExpressionAttributeValues: {
      ':billing': issueBillingOf(snapshot, invoice),
      ':invoiceId': invoice.invoiceId,
    },
  },
});

const isCurrent = ({ issue, realmId, invoiceId }: OurInvoice) =>
  issue?.billing
    ? issue.billing.invoiceId === invoiceId && issue.billing.realmId === realmId
    : issue?.qboInvoices?.[realmId]?.invoiceId === invoiceId;

/**
 * Stores what QuickBooks now says of one of Deskbooks' invoices, with the issue's history of what
 * changed, unless Deskbooks already holds the same or newer (a higher SyncToken): so duplicated and
 * reordered events end in the same state.
 */
export const storeSnapshot = async (
  deps: { table: Table; now: () => Date },
  invoice: OurInvoice,
  snapshot: InvoiceSnapshot,
): Promise<SnapshotOutcome> => {
  const held = invoice.record?.syncToken;
  if (held !== undefined && held >= snapshot.syncToken) return 'older';
  const label = invoiceLabel({
    invoiceId: invoice.invoiceId,
    docNumber: snapshot.docNumber ?? invoice.record?.docNumber,
  });
  const audit = historyLinesOf(
    invoice.record?.totalCents !== undefined ? (invoice.record as InvoiceSnapshot) : undefined,
    snapshot,
    label,
  ).map((message) =>
    auditEventItem(deps, {
      subject: invoiceSubject(invoice.issueId),
      actorId: QUICKBOOKS_ACTOR,
      action: 'qbo.invoice.changed',
      details: { realmId: invoice.realmId, invoiceId: invoice.invoiceId, message },
    }),
  );
  const write = (withIssue: boolean) =>
    transact(deps.table, [
      recordUpdate(deps.table, invoice, snapshot),
      ...(withIssue ? [issueBillingUpdate(deps.table, invoice, snapshot)] : []),
      ...audit,
    ]);
  try {
    await write(isCurrent(invoice));
    return 'stored';
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.includes(0)) return 'older';
    if (!failed.includes(1)) throw error;
  }
  // The issue moved on to another invoice meanwhile: the record alone.
  try {
    await write(false);
    return 'stored';
  } catch (error) {
    if (failedConditions(error).includes(0)) return 'older';
    throw error;
  }
};
