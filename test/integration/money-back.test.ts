import { createHmac } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../shared/audit/list-audit-events';
import { invoiceSubject } from '../../shared/invoices/invoice-audit';
import { partitionQuery } from '../../shared/keys';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aFixedFee, billAmount, type CatalogItemBody } from '../support/billing';
import { anIssue, aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { connectCompany, type QboApi, qboApi } from '../support/qbo-emulator';
import { qboApiCalls, setQboToggles } from '../support/qbo-settings';

// Money comes back by itself (issue 13): QuickBooks' webhooks reach the inbox, the table's stream
// hands them to the worker, and the stored snapshots follow; the CDC backstop catches what webhooks miss.

let app: TestApp;
let staff: TestClient;
let admin: TestClient;
let realmId: string;
let qboDirect: QboApi;
let fixedFee: CatalogItemBody;

beforeAll(async () => {
  app = await startTestApp({ qbo: true, events: true });
  staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
  admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  await connectQbo(app, staff);
  const company = await connectCompany(app.qbo ?? (undefined as never));
  realmId = company.realmId;
  qboDirect = qboApi(app.qbo ?? (undefined as never), company);
  fixedFee = await aFixedFee(app, admin, realmId);
});
afterAll(() => app.close());
beforeEach(async () => {
  await setQboToggles(app, { syncUser: true, syncInvoice: true });
  app.qbo?.configureWebhooks({ enabled: true });
  app.qbo?.clearFaults();
});

const emulator = () => app.qbo ?? (undefined as never);
/** Whatever QuickBooks has to say has been said, and the worker has done with it. */
const settle = async () => {
  await emulator().flushWebhooks();
  await app.events.settled();
};
const invoicedIssue = async (amount = '300.00') => {
  const requestor = await aUser(app, { role: 'customer' });
  const issue = await anIssue(app, { requestorId: requestor.id, title: `Invoice me ${amount}` });
  await billAmount(staff, issue.id, { catalogId: fixedFee.id, amount });
  const created = await staff.request('POST', `/api/issues/${issue.id}/invoice`);
  expect(created.status).toBe(200);
  await settle();
  return { issue, requestor, invoiceId: created.body.invoice.id as string };
};
const stored = async (invoiceId: string) =>
  (await staff.request('GET', '/api/invoices?limit=100')).body.items.find(
    (item: { invoiceId: string }) => item.invoiceId === invoiceId,
  );
const billingOf = async (issueId: number) =>
  (await staff.request('GET', '/api/issues?limit=100')).body.items.find(
    (item: { id: number }) => item.id === issueId,
  )?.billingState;
const history = async (issueId: number) =>
  (await listAuditEvents(app.runtime, { subject: invoiceSubject(issueId), limit: 50 })).items
    .filter((event) => event.action === 'qbo.invoice.changed')
    .map((event) => (event.details as { message: string }).message)
    .reverse();

describe('a payment recorded in QuickBooks', () => {
  it('shows as Partial, then Paid, with no one asking, and lands in the issue’s history', async () => {
    const { issue, invoiceId } = await invoicedIssue('300.00');
    expect(await billingOf(issue.id)).toBe('unpaid');

    emulator().applyPayment({ realmId, invoiceId, amount: 100 });
    await settle();
    const partial = await stored(invoiceId);
    const partialState = await billingOf(issue.id);
    emulator().applyPayment({ realmId, invoiceId, amount: 200 });
    await settle();

    expect(partial).toMatchObject({ status: 'partial', balance: '200.00', total: '300.00' });
    expect(partialState).toBe('partial');
    expect(await stored(invoiceId)).toMatchObject({ status: 'paid', balance: '0.00' });
    expect(await billingOf(issue.id)).toBe('paid');
    expect(await history(issue.id)).toEqual([
      'Payment of $100.00 recorded in QuickBooks',
      'Payment of $200.00 recorded in QuickBooks',
    ]);
  });

  it('is found by the backstop when no webhook arrives', async () => {
    const { issue, invoiceId } = await invoicedIssue('80.00');
    emulator().configureWebhooks({ enabled: false });

    emulator().applyPayment({ realmId, invoiceId, amount: 80 });
    await app.events.settled();
    const before = await stored(invoiceId);
    const run = await app.backstop.runNow();

    expect(before.status).toBe('unpaid');
    expect(run).toMatchObject({ companies: 1 });
    expect(await stored(invoiceId)).toMatchObject({ status: 'paid', balance: '0.00' });
    expect(await billingOf(issue.id)).toBe('paid');
    const status = (await admin.request('GET', '/api/qbo/sync-status')).body;
    expect(status.companies).toEqual([
      expect.objectContaining({ realmId, backstopRanAt: expect.any(String) }),
    ]);
  });
});

describe('events arriving twice and out of order', () => {
  it('end in the same state as QuickBooks, with each change in the history once', async () => {
    const { issue, invoiceId } = await invoicedIssue('120.00');
    emulator().configureWebhooks({ enabled: false });
    emulator().applyPayment({ realmId, invoiceId, amount: 20 });
    emulator().applyPayment({ realmId, invoiceId, amount: 30 });
    const { intuitWebhookVerifierToken: token } = await app.runtime.loadSecrets();
    const deliver = (events: object[]) => {
      const body = JSON.stringify(events);
      return fetch(`${app.baseUrl}/api/qbo/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'intuit-signature': createHmac('sha256', token).update(body).digest('base64'),
        },
        body,
      });
    };
    const event = (id: string, time: string) => ({
      specversion: '1.0',
      id,
      source: 'intuit.test',
      type: 'qbo.invoice.updated.v1',
      time,
      intuitentityid: invoiceId,
      intuitaccountid: realmId,
      data: {},
    });

    // The later change first, then the earlier; the same delivery five times.
    for (let round = 0; round < 5; round += 1)
      await deliver([
        event(`later-${invoiceId}`, '2026-12-01T10:00:02Z'),
        event(`earlier-${invoiceId}`, '2026-12-01T10:00:01Z'),
      ]);
    await app.events.settled();

    expect(await stored(invoiceId)).toMatchObject({ status: 'partial', balance: '70.00' });
    expect(await history(issue.id)).toEqual(['Payment of $50.00 recorded in QuickBooks']);
  });
});

describe('an invoice voided or deleted in QuickBooks', () => {
  it('is followed: Voided on the Invoices page and the issues list', async () => {
    const voided = await invoicedIssue('40.00');
    const deleted = await invoicedIssue('45.00');
    const current = async (id: string) => (await qboDirect.get(`invoice/${id}`)).body.Invoice;

    const toVoid = await current(voided.invoiceId);
    await qboDirect.post('invoice?operation=void', { Id: toVoid.Id, SyncToken: toVoid.SyncToken });
    const toDelete = await current(deleted.invoiceId);
    await qboDirect.post('invoice?operation=delete', { Id: toDelete.Id, SyncToken: toDelete.SyncToken });
    await settle();

    expect(await stored(voided.invoiceId)).toMatchObject({ status: 'voided', total: '0.00' });
    expect(await billingOf(voided.issue.id)).toBe('voided');
    expect(await stored(deleted.invoiceId)).toMatchObject({ status: 'voided', balance: '0.00' });
    expect(await history(voided.issue.id)).toEqual([
      `Invoice ${(await stored(voided.invoiceId)).label} was voided in QuickBooks`,
    ]);
    expect((await history(deleted.issue.id))[0]).toMatch(/was deleted in QuickBooks$/);
  });
});

describe('a customer merged in QuickBooks', () => {
  it('moves the user’s link to the customer it was merged into', async () => {
    const ann = await aUser(app, { role: 'customer', name: 'Ann Merged' });
    const other = await aUser(app, { role: 'customer', name: 'Ann Kept' });
    await staff.request('POST', `/api/users/${ann.id}/qbo-sync`);
    await staff.request('POST', `/api/users/${other.id}/qbo-sync`);
    await settle();
    const linkOf = async (user: User) =>
      (await staff.request('GET', `/api/users/${user.id}/qbo-sync`)).body.links?.[0]?.customerId;
    const from = await linkOf(ann);
    const into = await linkOf(other);

    emulator().mergeCustomers({ realmId, fromId: from, intoId: into });
    await settle();

    expect(await linkOf(ann)).toBe(into);
  });
});

describe('a customer made inactive in QuickBooks', () => {
  it('drops the user’s link, so the next sync finds or creates them again', async () => {
    const bo = await aUser(app, { role: 'customer', name: 'Bo Inactive' });
    await staff.request('POST', `/api/users/${bo.id}/qbo-sync`);
    await settle();
    const customerId = (await staff.request('GET', `/api/users/${bo.id}/qbo-sync`)).body.links[0].customerId;
    const customer = (await qboDirect.get(`customer/${customerId}`)).body.Customer;

    await qboDirect.post('customer', {
      Id: customerId,
      SyncToken: customer.SyncToken,
      sparse: true,
      Active: false,
    });
    await settle();

    expect((await staff.request('GET', `/api/users/${bo.id}/qbo-sync`)).body.links ?? []).toEqual([]);
  });
});

describe('a worker that keeps failing', () => {
  it('is retried, then its events go to the dead-letter queue, and nothing is lost from the table', async () => {
    const { invoiceId } = await invoicedIssue('60.00');
    const before = app.events.deadLetters.length;
    // QuickBooks refuses every read of the worker (a 400 is not retried by the client, so this is quick).
    emulator().injectFault({
      method: 'GET',
      path: '^/v3/company/[^/]+/query',
      status: 400,
      code: '4000',
      times: 100,
    });

    emulator().applyPayment({ realmId, invoiceId, amount: 10 });
    await settle();

    expect(app.events.deadLetters.length).toBeGreaterThan(before);
    const inbox = await app.runtime.table.doc.send(
      new QueryCommand({
        TableName: app.runtime.table.name,
        ...partitionQuery({ PK: `QBOEVENT#${realmId}` }),
      }),
    );
    expect(
      (inbox.Items ?? []).some((item) => item.entityId === invoiceId && item.operation === 'Update'),
    ).toBe(true);
    emulator().clearFaults();
    await app.backstop.runNow();
    expect(await stored(invoiceId)).toMatchObject({ status: 'partial', balance: '50.00' });
  });
});

describe('the Invoices page and the issues list, from stored snapshots', () => {
  const cents = (amount: string) => Math.round(Number(amount) * 100);

  it('filters by state and customer, totals what is owed and overdue, and pages', async () => {
    const paid = await invoicedIssue('25.00');
    const overdue = await invoicedIssue('35.00');
    await invoicedIssue('15.00');
    emulator().applyPayment({ realmId, invoiceId: paid.invoiceId, amount: 25 });
    const late = (await qboDirect.get(`invoice/${overdue.invoiceId}`)).body.Invoice;
    await qboDirect.post('invoice', {
      Id: late.Id,
      SyncToken: late.SyncToken,
      sparse: true,
      DueDate: '2020-01-31',
    });
    await settle();
    app.qbo?.resetCallCounts();

    const all = (await staff.request('GET', '/api/invoices?limit=100')).body;
    const onlyPaid = (await staff.request('GET', '/api/invoices?status=paid&limit=100')).body.items;
    const onlyOverdue = (await staff.request('GET', '/api/invoices?status=overdue&limit=100')).body.items;
    const theirs = (await staff.request('GET', `/api/invoices?customerId=${overdue.requestor.id}`)).body
      .items;
    const firstPage = (await staff.request('GET', '/api/invoices?limit=2')).body;
    const secondPage = (await staff.request('GET', `/api/invoices?limit=2&cursor=${firstPage.nextCursor}`))
      .body;
    const paidIssues = (await staff.request('GET', '/api/issues?billing=paid&limit=100')).body.items;

    expect(onlyPaid.map((item: { invoiceId: string }) => item.invoiceId)).toContain(paid.invoiceId);
    expect(onlyPaid.every((item: { status: string }) => item.status === 'paid')).toBe(true);
    expect(onlyOverdue.map((item: { invoiceId: string }) => item.invoiceId)).toEqual([overdue.invoiceId]);
    expect(theirs).toEqual([
      expect.objectContaining({
        invoiceId: overdue.invoiceId,
        status: 'overdue',
        customer: { id: overdue.requestor.id, name: overdue.requestor.name },
        issue: { id: overdue.issue.id, title: overdue.issue.title },
      }),
    ]);
    const owed = all.items.filter((item: { status: string }) =>
      ['unpaid', 'partial', 'overdue'].includes(item.status),
    );
    const sum = (items: { balance: string }[]) =>
      items.reduce((total, item) => total + cents(item.balance), 0);
    expect(cents(all.totals.outstanding)).toBe(sum(owed));
    expect(cents(all.totals.overdue)).toBe(3500);
    expect(all.totals.currency).toBe('USD');
    expect(all.items.every((item: { currency?: string }) => item.currency === 'USD')).toBe(true);
    const ids = (items: { invoiceId: string }[]) => items.map((item) => item.invoiceId);
    expect([...ids(firstPage.items), ...ids(secondPage.items)]).toEqual(
      ids(all.items).slice(0, 2 + secondPage.items.length),
    );
    expect(secondPage.items.length).toBeGreaterThan(0);
    expect(paidIssues.map((issue: { id: number }) => issue.id)).toContain(paid.issue.id);
    expect(paidIssues.every((issue: { billingState: string }) => issue.billingState === 'paid')).toBe(true);
    // Served from DynamoDB: QuickBooks was not asked.
    expect(qboApiCalls(app)).toBe(0);
  });

  it('refuses bad filters with 400 naming the field', async () => {
    const badStatus = await staff.request('GET', '/api/invoices?status=owed');
    const badCustomer = await staff.request('GET', '/api/invoices?customerId=nobody');
    const badBilling = await staff.request('GET', '/api/issues?billing=maybe');

    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.details.fieldErrors).toHaveProperty('status');
    expect(badCustomer.body.error.details.fieldErrors).toHaveProperty('customerId');
    expect(badBilling.body.error.details.fieldErrors).toHaveProperty('billing');
  });
});
