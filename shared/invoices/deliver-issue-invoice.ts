import { writeAuditEvent } from '../audit/write-audit-event';
import { ConflictError, NotFoundError } from '../errors';
import type { Issue } from '../issues/issue';
import type { TimeBudget } from '../platform/time-budget';
import { type QboApiDeps, type QboSession, qboSessionFor } from '../qbo/qbo-api-client';
import type { QboConnection } from '../qbo/qbo-connection';
import { assertQboToggleOn, FAULT, QboFaultError } from '../qbo/qbo-errors';
import type { Settings } from '../settings/settings';
import type { User } from '../users/user';
import { invoiceSubject } from './invoice-audit';
import { isIssueInvoice } from './issue-invoice-repository';
import { companyToday, type InvoiceView, toInvoiceView } from './qbo-invoice';
import { invoicePdf, sendInvoice } from './qbo-invoice-api';

type IssueInvoiceInput = {
  actor: User;
  issue: Issue | undefined;
  settings: Settings;
  connection: QboConnection | undefined;
  invoiceId: string;
  budget: TimeBudget;
};

/** The viewer's company, once the invoice is known to be one Deskbooks made from this issue there. */
const openIssueInvoice = async (
  deps: QboApiDeps,
  input: IssueInvoiceInput,
): Promise<{ qbo: QboSession; issue: Issue }> => {
  assertQboToggleOn(input.settings, 'syncInvoice');
  if (!input.issue) throw new NotFoundError('Issue');
  const qbo = qboSessionFor(deps, input.connection, input.budget);
  const ours = await isIssueInvoice(deps.table, {
    issueId: input.issue.id,
    realmId: qbo.realmId,
    invoiceId: input.invoiceId,
  });
  if (!ours) throw new NotFoundError('Invoice');
  return { qbo, issue: input.issue };
};

/** "Send": QuickBooks emails the invoice to its billing email; the row then says when, and the trail who. */
export const sendIssueInvoice = async (
  deps: QboApiDeps,
  input: IssueInvoiceInput,
): Promise<{ invoice: InvoiceView; message: string }> => {
  const { qbo, issue } = await openIssueInvoice(deps, input);
  try {
    const sent = await sendInvoice(qbo, input.invoiceId);
    await writeAuditEvent(deps, {
      subject: invoiceSubject(issue.id),
      actorId: input.actor.id,
      action: 'qbo.invoice.sent',
      details: { realmId: qbo.realmId, invoiceId: input.invoiceId, to: sent.BillEmail?.Address },
    });
    return {
      invoice: toInvoiceView(sent, qbo.endpoints, companyToday(deps.now())),
      message: 'QuickBooks is emailing the invoice',
    };
  } catch (error) {
    // On send, a missing required parameter is the BillEmail (qbo-reference §9).
    if (error instanceof QboFaultError && error.hasCode(FAULT.requiredParamMissing))
      throw new ConflictError(
        'The invoice has no billing email: add one to the issue or the requestor, then Update invoice',
      );
    throw error;
  }
};

/** "PDF": QuickBooks' own PDF of the invoice, passed through and never stored. */
export const issueInvoicePdf = async (
  deps: QboApiDeps,
  input: IssueInvoiceInput,
): Promise<{ fileName: string; bytes: Uint8Array }> => {
  const { qbo } = await openIssueInvoice(deps, input);
  return { fileName: `invoice-${input.invoiceId}.pdf`, bytes: await invoicePdf(qbo, input.invoiceId) };
};
