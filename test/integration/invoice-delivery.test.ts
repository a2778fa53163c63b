import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../shared/audit/list-audit-events';
import { invoiceSubject } from '../../shared/invoices/invoice-audit';
import type { IssueView } from '../../shared/issues/issue';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aFixedFee, billAmount, type CatalogItemBody } from '../support/billing';
import { anIssue, aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { connectCompany } from '../support/qbo-emulator';
import { setQboToggles } from '../support/qbo-settings';

// "Send" and "PDF" on an issue's invoice rows: QuickBooks emails the invoice or hands over its own PDF,
// only for invoices Deskbooks made from that issue.

let app: TestApp;
let staff: TestClient;
let staffUser: User;
let realmId: string;
let fixedFee: CatalogItemBody;

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  staffUser = await aUser(app, { role: 'staff' });
  staff = await signedInClient(app, staffUser);
  await connectQbo(app, staff);
  realmId = (await connectCompany(app.qbo ?? (undefined as never))).realmId;
  fixedFee = await aFixedFee(app, await signedInClient(app, await aUser(app, { role: 'admin' })), realmId);
});
afterAll(() => app.close());
beforeEach(() => setQboToggles(app, { syncUser: true, syncInvoice: true }));

const invoicedIssue = async (fields: { billingEmail?: string } = {}) => {
  const requestor = await aUser(app, { role: 'customer' });
  const issue = await anIssue(app, { requestorId: requestor.id, ...fields });
  await billAmount(staff, issue.id, {
    catalogId: fixedFee.id,
    amount: '120.00',
    description: `Printer service #${issue.id}`,
  });
  const created = await staff.request('POST', `/api/issues/${issue.id}/invoice`);
  expect(created.status).toBe(200);
  return { issue, invoiceId: created.body.invoice.id as string, requestor };
};
const send = (issue: IssueView, invoiceId: string) =>
  staff.request('POST', `/api/issues/${issue.id}/invoices/${invoiceId}/send`);

describe('Send', () => {
  it('has QuickBooks email the invoice to its billing email; the row then says when', async () => {
    const { issue, invoiceId } = await invoicedIssue({ billingEmail: 'ap@example.com' });

    const response = await send(issue, invoiceId);

    expect(response.status).toBe(200);
    expect(response.body.invoice).toMatchObject({ id: invoiceId, sentAt: expect.any(String) });
    expect(app.qbo?.sentEmails(realmId)).toContainEqual(
      expect.objectContaining({ invoiceId, to: 'ap@example.com' }),
    );
    const listed = await staff.request('GET', `/api/issues/${issue.id}/invoices`);
    expect(listed.body.items[0].sentAt).toBe(response.body.invoice.sentAt);
    const trail = await listAuditEvents(app.runtime, { subject: invoiceSubject(issue.id), limit: 10 });
    expect(trail.items[0]).toMatchObject({
      action: 'qbo.invoice.sent',
      actorId: staffUser.id,
      details: { realmId, invoiceId, to: 'ap@example.com' },
    });
  });

  it('answers 404 for an invoice that is not one of this issue’s', async () => {
    const first = await invoicedIssue();
    const other = await invoicedIssue();

    const response = await send(first.issue, other.invoiceId);

    expect(response.status).toBe(404);
    expect(app.qbo?.sentEmails(realmId).some((mail) => mail.invoiceId === other.invoiceId)).toBe(false);
  });

  it('refuses while invoice sync is off, in the words of the toggle', async () => {
    const { issue, invoiceId } = await invoicedIssue();
    await setQboToggles(app, { syncInvoice: false });

    const response = await send(issue, invoiceId);

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('qbo_sync_invoice_disabled');
  });

  it.each(['abc', '1'.repeat(21)])('refuses the invoice id %j with a 400', async (invoiceId) => {
    const { issue } = await invoicedIssue();

    const response = await send(issue, invoiceId);

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty('invoiceId');
  });
});

describe('PDF', () => {
  it('streams QuickBooks’ own PDF of the invoice as a download, never cached', async () => {
    const { issue, invoiceId } = await invoicedIssue();

    const response = await fetch(`${app.baseUrl}/api/issues/${issue.id}/invoices/${invoiceId}/pdf`, {
      headers: { cookie: staff.cookie ?? '' },
    });
    const bytes = Buffer.from(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="invoice-${invoiceId}.pdf"`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    // It lists the invoice's lines.
    expect(bytes.toString('latin1')).toContain(`Printer service #${issue.id}`);
  });

  it('answers 404 for an invoice of another issue', async () => {
    const first = await invoicedIssue();
    const other = await invoicedIssue();

    const response = await staff.request(
      'GET',
      `/api/issues/${first.issue.id}/invoices/${other.invoiceId}/pdf`,
    );

    expect(response.status).toBe(404);
  });
});
