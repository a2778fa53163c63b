import { NotFoundError } from '../errors';
import type { Issue } from '../issues/issue';
import type { TimeBudget } from '../platform/time-budget';
import { type QboApiDeps, qboSessionFor } from '../qbo/qbo-api-client';
import type { QboConnection } from '../qbo/qbo-connection';
import { assertQboToggleOn } from '../qbo/qbo-errors';
import type { Settings } from '../settings/settings';
import { listIssueInvoiceIds } from './issue-invoice-repository';
import { companyToday, type InvoiceView, toInvoiceView } from './qbo-invoice';
import { queryInvoicesById } from './qbo-invoice-api';

export type IssueInvoices = { items: InvoiceView[]; notes?: string[] };

/**
 * The issue's invoices in the viewer's QBO company, live from QBO: one DynamoDB Query for the ids
 * (the issue and connection come with the sign-in gate's read) and one QBO query for all of them. An invoice deleted in QBO is left out with a note, not an error.
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
  const invoiceIds = await listIssueInvoiceIds(deps.table, input.issue.id, qbo.realmId);
  const found = new Map((await queryInvoicesById(qbo, invoiceIds)).map((invoice) => [invoice.Id, invoice]));
  const today = companyToday(deps.now());
  const items: InvoiceView[] = [];
  const notes: string[] = [];
  for (const id of invoiceIds) {
    const invoice = found.get(id);
    if (invoice) items.push(toInvoiceView(invoice, qbo.endpoints, today));
    else notes.push(`Invoice #${id} was deleted in QuickBooks.`);
  }
  return notes.length ? { items, notes } : { items };
};
