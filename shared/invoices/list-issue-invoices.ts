import type { TransactItem } from '../db/lease';
import { transact } from '../db/transact';
import { NotFoundError } from '../errors';
import type { Issue } from '../issues/issue';
import type { TimeBudget } from '../platform/time-budget';
import { type QboApiDeps, qboSessionFor } from '../qbo/qbo-api-client';
import type { QboConnection } from '../qbo/qbo-connection';
import { assertQboToggleOn } from '../qbo/qbo-errors';
import type { Settings } from '../settings/settings';
import { invoiceStatusUpdate, listRecordedInvoices } from './issue-invoice-repository';
import { companyToday, type InvoiceView, toInvoiceView } from './qbo-invoice';
import { queryInvoicesById } from './qbo-invoice-api';

export type IssueInvoices = { items: InvoiceView[]; notes?: string[] };

/**
 * The issue's invoices in the viewer's QBO company, live from QBO: one DynamoDB Query for the ids
 * (the issue and connection come with the sign-in gate's read) and one QBO query for all of them.
 * An invoice deleted in QBO is left out with a note, not an error. A status that changed since
 * Deskbooks last saw it (paid, voided) is recorded, so the entries on a paid invoice lock.
 */
export const listIssueInvoices = async (
  deps: QboApiDeps,
  input: {
    issue: Issue | undefined;
    settings: Settings;
    connection: QboConnection | undefined;
    budget: TimeBudget;
  },
): Promise<IssueInvoices> => {
  assertQboToggleOn(input.settings, 'syncInvoice');
  if (!input.issue) throw new NotFoundError('Issue');
  const qbo = qboSessionFor(deps, input.connection, input.budget);
  const issueId = input.issue.id;
  const recorded = await listRecordedInvoices(deps.table, issueId, qbo.realmId);
  const found = new Map(
    (
      await queryInvoicesById(
        qbo,
        recorded.map((invoice) => invoice.invoiceId),
      )
    ).map((invoice) => [invoice.Id, invoice]),
  );
  const today = companyToday(deps.now());
  const items: InvoiceView[] = [];
  const notes: string[] = [];
  const changed: TransactItem[] = [];
  for (const { invoiceId, status } of recorded) {
    const invoice = found.get(invoiceId);
    const view = invoice && toInvoiceView(invoice, qbo.endpoints, today);
    if (view) items.push(view);
    else notes.push(`Invoice #${invoiceId} was deleted in QuickBooks.`);
    const seen = view?.status ?? 'voided';
    if (seen !== status)
      changed.push(
        invoiceStatusUpdate(deps.table, { issueId, realmId: qbo.realmId, invoiceId, status: seen }),
      );
  }
  // At most 100 per transaction; an issue has a handful of invoices.
  for (let start = 0; start < changed.length; start += 100)
    await transact(deps.table, changed.slice(start, start + 100));
  return notes.length ? { items, notes } : { items };
};
