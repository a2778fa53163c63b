import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreateIssueInput, IssueView } from '../../shared/issues/issue';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import {
  aFixedFee,
  billAmount,
  type CatalogItemBody,
  invoiceDyingBeforeItIsRecorded,
} from '../support/billing';
import { anIssue, aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { connectCompany, type QboApi, qboApi } from '../support/qbo-emulator';
import { qboApiCalls, setQboToggles } from '../support/qbo-settings';

let app: TestApp;
let staff: TestClient;
let staffUser: User;
let realmId: string;
let qboDirect: QboApi;
let fixedFee: CatalogItemBody;

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  staffUser = await aUser(app, { role: 'staff' });
  staff = await signedInClient(app, staffUser);
  await connectQbo(app, staff);
  const company = await connectCompany(app.qbo ?? (undefined as never));
  realmId = company.realmId;
  qboDirect = qboApi(app.qbo ?? (undefined as never), company);
  const admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  fixedFee = await aFixedFee(app, admin, realmId);
});
afterAll(() => app.close());
beforeEach(async () => {
  await setQboToggles(app, { syncUser: true, syncInvoice: true });
  app.qbo?.clearFaults();
});

const requestor = () =>
  aUser(app, {
    role: 'customer',
    address: { line1: '9 Requestor Rd', city: 'Reno', region: 'NV', postalCode: '89501', country: 'US' },
  });
/** An issue with one part entry billing `amount`. */
const billedIssue = async (
  fields: Partial<CreateIssueInput> & { requestorId: string },
  amount = '10.00',
): Promise<IssueView & { entryId: string }> => {
  const issue = await anIssue(app, fields);
  const entry = await billAmount(staff, issue.id, {
    catalogId: fixedFee.id,
    amount,
    description: issue.title,
  });
  return { ...issue, entryId: entry.id };
};
const createInvoice = (issue: IssueView, client = staff) =>
  client.request('POST', `/api/issues/${issue.id}/invoice`);
const listInvoices = (issue: IssueView, client = staff) =>
  client.request('GET', `/api/issues/${issue.id}/invoices`);
const qboInvoice = async (id: string) => (await qboDirect.get(`invoice/${id}`)).body.Invoice;
const invoicesOf = (customerId: string) =>
  (app.qbo?.entities(realmId, 'Invoice') ?? []).filter(
    (invoice) =>
      (invoice.CustomerRef as { value: string }).value === customerId && invoice.status !== 'Deleted',
  );

describe('creating an invoice from an issue', () => {
  it('creates an unpaid invoice for the requestor, syncing the requestor first', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id, title: 'Server rebuild' }, '1234.56');

    const response = await createInvoice(issue);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      created: true,
      invoice: { total: '1234.56', balance: '1234.56', status: 'unpaid', overdue: false, currency: 'USD' },
    });
    expect(response.body.invoice.url).toBe(`${app.qbo?.url}/app/invoice?txnId=${response.body.invoice.id}`);
    const invoice = await qboInvoice(response.body.invoice.id);
    expect(invoice.Line[0]).toMatchObject({ Amount: 1234.56, Description: 'Server rebuild' });
    const synced = await staff.request('GET', `/api/users/${user.id}/qbo-sync`);
    expect(invoice.CustomerRef.value).toBe(synced.body.links[0].customerId);
  });

  it('bills the issue’s address and email when it has them, else the requestor’s', async () => {
    const user = await requestor();
    const withBilling = await billedIssue({
      requestorId: user.id,
      billingEmail: 'ap@example.com',
      billingAddress: { line1: '1 Billing Way', city: 'Austin', region: 'TX' },
    });
    const without = await billedIssue({ requestorId: user.id });

    const first = await qboInvoice((await createInvoice(withBilling)).body.invoice.id);
    const second = await qboInvoice((await createInvoice(without)).body.invoice.id);

    expect(first).toMatchObject({
      BillEmail: { Address: 'ap@example.com' },
      BillAddr: { Line1: '1 Billing Way', City: 'Austin' },
    });
    expect(second).toMatchObject({
      BillEmail: { Address: user.email },
      BillAddr: { Line1: '9 Requestor Rd', City: 'Reno' },
    });
  });

  it('updates the issue’s invoice instead of creating a second one', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id }, '100.00');
    const first = await createInvoice(issue);
    await staff.request('PATCH', `/api/issues/${issue.id}/entries/${issue.entryId}`, {
      unitPrice: '250.10',
      version: 1,
    });

    const second = await createInvoice(issue);

    expect(second.body).toMatchObject({
      created: false,
      outcome: 'updated',
      invoice: { id: first.body.invoice.id, total: '250.10' },
    });
    expect(invoicesOf((await qboInvoice(first.body.invoice.id)).CustomerRef.value)).toHaveLength(1);
    expect((await staff.request('GET', `/api/issues/${issue.id}`)).body.qboInvoices[realmId].invoiceId).toBe(
      first.body.invoice.id,
    );
  });

  it('creates a new invoice when the previous one was deleted in QuickBooks', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id }, '80.00');
    const first = await createInvoice(issue);
    const current = await qboInvoice(first.body.invoice.id);
    await qboDirect.post('invoice?operation=delete', { Id: current.Id, SyncToken: current.SyncToken });

    const second = await createInvoice(issue);

    expect(second.body).toMatchObject({ created: true, outcome: 'recreated' });
    expect(second.body.invoice.id).not.toBe(first.body.invoice.id);
  });

  it('creates a new invoice when the previous one was voided in QuickBooks', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id }, '80.00');
    const first = await createInvoice(issue);
    const current = await qboInvoice(first.body.invoice.id);
    await qboDirect.post('invoice?operation=void', { Id: current.Id, SyncToken: current.SyncToken });

    const second = await createInvoice(issue);

    expect(second.body.outcome).toBe('recreated');
    expect((await qboInvoice(first.body.invoice.id)).TotalAmt).toBe(0);
  });

  it('makes exactly one invoice when 20 "Create invoice" clicks arrive at once', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id }, '42.00');

    const responses = await Promise.all(Array.from({ length: 20 }, () => createInvoice(issue)));

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((response) => response.body.invoice.id)).size).toBe(1);
    const customerId = (await qboInvoice(responses[0]?.body.invoice.id)).CustomerRef.value;
    expect(invoicesOf(customerId)).toHaveLength(1);
  });

  it('makes no second invoice when a create that reached QuickBooks is retried after a timeout', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id }, '75.00');
    const settings = (await staff.request('GET', '/api/settings')).body;
    await expect(
      invoiceDyingBeforeItIsRecorded({ actor: staffUser, issueId: issue.id, settings }),
    ).rejects.toThrow('Lambda timed out');

    const retried = await createInvoice(issue);

    expect(retried.status).toBe(200);
    const customerId = (await qboInvoice(retried.body.invoice.id)).CustomerRef.value;
    expect(invoicesOf(customerId)).toHaveLength(1);
  });
});

describe('listing an issue’s invoices', () => {
  it('shows each invoice’s status: unpaid, partial, paid, overdue', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id }, '300.00');
    const created = await createInvoice(issue);
    const id = created.body.invoice.id;

    const unpaid = (await listInvoices(issue)).body.items[0];
    app.qbo?.applyPayment({ realmId, invoiceId: id, amount: 100 });
    const partial = (await listInvoices(issue)).body.items[0];
    const current = await qboInvoice(id);
    await qboDirect.post('invoice', {
      Id: id,
      SyncToken: current.SyncToken,
      sparse: true,
      DueDate: '2020-01-31',
    });
    const overdue = (await listInvoices(issue)).body.items[0];
    app.qbo?.applyPayment({ realmId, invoiceId: id, amount: 200 });
    const paid = (await listInvoices(issue)).body.items[0];

    expect(unpaid).toMatchObject({ status: 'unpaid', balance: '300.00', total: '300.00', overdue: false });
    expect(partial).toMatchObject({ status: 'partial', balance: '200.00', overdue: false });
    expect(overdue).toMatchObject({ status: 'partial', overdue: true, dueDate: '2020-01-31' });
    expect(paid).toMatchObject({ status: 'paid', balance: '0.00', overdue: false });
  });

  it('lists every invoice of the issue with one QuickBooks call', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id }, '10.00');
    for (let round = 0; round < 3; round += 1) {
      const created = await createInvoice(issue);
      const current = await qboInvoice(created.body.invoice.id);
      await qboDirect.post('invoice?operation=void', { Id: current.Id, SyncToken: current.SyncToken });
    }
    app.qbo?.resetCallCounts();

    const list = await listInvoices(issue);

    expect(list.body.items).toHaveLength(3);
    expect(list.body.items.every((invoice: { status: string }) => invoice.status === 'voided')).toBe(true);
    expect(qboApiCalls(app)).toBe(1);
  });

  it('notes an invoice deleted in QuickBooks instead of failing', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id }, '10.00');
    const created = await createInvoice(issue);
    const current = await qboInvoice(created.body.invoice.id);
    await qboDirect.post('invoice?operation=delete', { Id: current.Id, SyncToken: current.SyncToken });

    const list = await listInvoices(issue);

    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    expect(list.body.notes).toEqual([`Invoice #${created.body.invoice.id} was deleted in QuickBooks.`]);
  });
});

describe('when invoicing is not possible', () => {
  it('refuses with qbo_sync_invoice_disabled while "Sync issue to invoice" is off', async () => {
    await setQboToggles(app, { syncInvoice: false });
    const issue = await anIssue(app, { requestorId: (await requestor()).id });

    const create = await createInvoice(issue);
    const list = await listInvoices(issue);

    expect(create.status).toBe(403);
    expect(create.body.error).toMatchObject({
      code: 'qbo_sync_invoice_disabled',
      message: 'Sync to invoice is disabled in QBO settings',
    });
    expect(list.body.error.code).toBe('qbo_sync_invoice_disabled');
  });

  it('refuses with qbo_not_connected when the viewer has not connected QuickBooks', async () => {
    const unconnected = await signedInClient(app, await aUser(app, { role: 'staff' }));
    const issue = await anIssue(app, { requestorId: (await requestor()).id });

    const response = await createInvoice(issue, unconnected);

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('qbo_not_connected');
  });

  it('does not let customers create or list invoices', async () => {
    const customer = await aUser(app, { role: 'customer', enabled: true, password: 'customer-pass-1' });
    const issue = await anIssue(app, { requestorId: customer.id });
    const client = await signedInClient(app, customer, 'customer-pass-1');

    expect((await createInvoice(issue, client)).status).toBe(403);
    expect((await listInvoices(issue, client)).status).toBe(403);
  });

  it('answers 404 for an unknown issue', async () => {
    expect((await createInvoice({ id: 987654 } as IssueView)).status).toBe(404);
    expect((await listInvoices({ id: 987654 } as IssueView)).status).toBe(404);
  });
});

describe('when QuickBooks hangs', () => {
  it('answers our 503 qbo_unavailable before the function times out, and the next click makes the one invoice', async () => {
    const user = await requestor();
    const issue = await billedIssue({ requestorId: user.id }, '60.00');
    await staff.request('POST', `/api/users/${user.id}/qbo-sync`);
    app.qbo?.injectFault({ method: 'POST', path: '^/v3/company/[^/]+/invoice', latencyMs: 30_000, times: 1 });

    const hung = await createInvoice(issue);

    // The gateway answers a bare {"message":"Service Unavailable"} when a function runs past its timeout.
    expect(hung.status).toBe(503);
    expect(hung.body.error).toMatchObject({ code: 'qbo_unavailable' });
    expect(Number(hung.headers.get('retry-after'))).toBeGreaterThan(0);
    app.qbo?.clearFaults();

    const retried = await createInvoice(issue);

    expect(retried.status).toBe(200);
    const customerId = (await qboInvoice(retried.body.invoice.id)).CustomerRef.value;
    expect(invoicesOf(customerId)).toHaveLength(1);
  });
});
