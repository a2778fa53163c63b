import { NotFoundError } from '../errors';
import { openQboSession, type QboApiDeps } from '../qbo/qbo-api-client';
import { assertQboToggleOn } from '../qbo/qbo-errors';
import type { Settings } from '../settings/settings';
import type { User } from '../users/user';
import { listIssueInvoiceIds } from './issue-invoice-repository';
import { companyToday, type InvoiceView, toInvoiceView } from './qbo-invoice';
import { queryInvoicesById } from './qbo-invoice-api';

export type IssueInvoices = { items: InvoiceView[]; notes?: string[] };

/**
 * The issue's invoices in the viewer's QBO company, live from QBO: one DynamoDB Query for the ids and
 * one QBO query for all of them. An invoice deleted in QBO is left out with a note, not an error.
 */
export const listIssueInvoices = async (
  deps: QboApiDeps,
  input: { actor: User; issueId: number; settings: Settings },
): Promise<IssueInvoices> => {
  assertQboToggleOn(input.settings, 'syncInvoice');
  const qbo = await openQboSession(deps, input.actor.id);
  const { issueExists, invoiceIds } = await listIssueInvoiceIds(deps.table, input.issueId, qbo.realmId);
  if (!issueExists) throw new NotFoundError('Issue');
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
