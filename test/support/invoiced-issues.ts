import type { InvoiceView } from '../../shared/invoices/qbo-invoice';
import type { IssueView } from '../../shared/issues/issue';
import type { User } from '../../shared/users/user';
import type { TestApp, TestClient } from './app-harness';
import { billAmountDirect } from './billing';
import { anIssue, aUser, signedInClient } from './builders';
import { connectQbo } from './qbo-connect';

/** A staff member signed in through the API and connected to the emulator's first company. */
export const aConnectedStaffClient = async (app: TestApp): Promise<TestClient> => {
  const client = await signedInClient(app, await aUser(app, { role: 'staff' }));
  await connectQbo(app, client);
  return client;
};

export type InvoicedIssue = { issue: IssueView; invoice: InvoiceView };

/**
 * An issue for `customer`, billed `amount` in the emulator's first company and invoiced there with
 * "Create invoice" through the API, so Deskbooks stores the invoice as QuickBooks has it.
 * Needs the "Sync issue to invoice" setting on.
 */
export const anInvoicedIssue = async (
  app: TestApp,
  staff: TestClient,
  input: { customer: User; title: string; amount: string },
): Promise<InvoicedIssue> => {
  const issue = await anIssue(app, { requestorId: input.customer.id, title: input.title });
  const realmId = app.qbo?.companies[0]?.realmId ?? '';
  await billAmountDirect(app, { issue, realmId, amount: input.amount, description: input.title });
  const made = await staff.request<{ invoice: InvoiceView }>('POST', `/api/issues/${issue.id}/invoice`);
  if (made.status !== 200 && made.status !== 201)
    throw new Error(`Create invoice failed: ${made.status} ${JSON.stringify(made.body)}`);
  return { issue, invoice: made.body.invoice };
};
