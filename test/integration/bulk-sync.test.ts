import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userKey } from '../../shared/keys';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aFixedFee, billAmount } from '../support/billing';
import { anIssue, aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { connectCompany, type QboApi, qboApi } from '../support/qbo-emulator';
import { setQboToggles } from '../support/qbo-settings';

let app: TestApp;
let admin: TestClient;
let realmId: string;
let qboDirect: QboApi;

beforeAll(async () => {
  app = await startTestApp({ qbo: true, events: true });
  admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  await connectQbo(app, admin);
  const company = await connectCompany(app.qbo ?? (undefined as never));
  realmId = company.realmId;
  qboDirect = qboApi(app.qbo ?? (undefined as never), company);
});
afterAll(() => app.close());
beforeEach(async () => {
  await setQboToggles(app, { syncUser: true, syncInvoice: true });
  app.qbo?.clearFaults();
});

const emulator = () => app.qbo ?? (undefined as never);
const customersWithEmail = (email: string) =>
  emulator()
    .entities(realmId, 'Customer')
    .filter((customer) => (customer.PrimaryEmailAddr as { Address?: string } | undefined)?.Address === email);

let counter = 0;
const aCustomer = (name?: string) => {
  counter += 1;
  return aUser(app, { role: 'customer', name: name ?? `Bulk Customer ${counter} ${Date.now()}` });
};

/** Waits until the job is done or cancelled, as the progress bar does: by asking for it. */
const untilFinished = async (jobId: string) => {
  for (const started = Date.now(); ; ) {
    const response = await admin.request('GET', `/api/jobs/${jobId}`);
    expect(response.status).toBe(200);
    if (response.body.state === 'done' || response.body.state === 'cancelled') return response.body;
    if (Date.now() - started > 20_000) throw new Error(`job still ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const startJob = async (kind: string) => {
  const response = await admin.request('POST', '/api/jobs', { kind });
  expect(response.status).toBe(202);
  return response.body;
};

describe('Sync all customers', () => {
  let existingByEmail: User;
  let existingByName: User;
  let fresh: User[];
  let clashing: User;
  let badEmail: User;

  beforeAll(async () => {
    existingByEmail = await aCustomer();
    existingByName = await aCustomer();
    fresh = [await aCustomer(), await aCustomer(), await aCustomer()];
    clashing = await aCustomer();
    badEmail = await aCustomer();
    // QuickBooks already knows two of them: one by email (under another name), one by name (no email).
    await qboDirect.post('customer', {
      DisplayName: `Someone Else ${counter}`,
      PrimaryEmailAddr: { Address: existingByEmail.email },
    });
    await qboDirect.post('customer', { DisplayName: existingByName.name });
    // Every DisplayName Deskbooks would give one of them is taken by vendors (names are unique across both).
    for (const name of [
      clashing.name,
      `${clashing.name} (${clashing.email})`,
      `${clashing.name} (${clashing.id.slice(0, 8)})`,
    ])
      await qboDirect.post('vendor', { DisplayName: name });
    // An address stored before Deskbooks checked emails as strictly: QuickBooks refuses it.
    await app.runtime.table.doc.send(
      new UpdateCommand({
        TableName: app.runtime.table.name,
        Key: userKey(badEmail.id),
        UpdateExpression: 'SET email = :email',
        ExpressionAttributeValues: { ':email': 'no-at-sign.example.com' },
      }),
    );
  });

  it('links the matches, creates the rest in batches, and reports what QuickBooks refused', async () => {
    emulator().resetCallCounts();
    const started = await startJob('sync-customers');
    expect(started).toMatchObject({ kind: 'sync-customers', state: 'planning', realmId });

    const job = await untilFinished(started.id);

    expect(job.state).toBe('done');
    expect(job.progress).toMatchObject({ total: 7, done: 7, linked: 2, created: 3, failed: 2 });
    expect(job.failures.map((failure: { subjectId: string }) => failure.subjectId).sort()).toEqual(
      [clashing.id, badEmail.id].sort(),
    );
    expect(job.failures.find((f: { subjectId: string }) => f.subjectId === badEmail.id).message).toMatch(
      /Email Address/,
    );
    for (const user of [existingByEmail, ...fresh]) expect(customersWithEmail(user.email)).toHaveLength(1);
    // The creates went as batches.
    const calls = emulator().callCounts();
    expect(calls['POST /v3/company/:realm/batch']).toBeGreaterThan(0);
    // Only the clashing customer's later names went alone, after the batch said the first was taken.
    expect(calls['POST /v3/company/:realm/customer'] ?? 0).toBeLessThanOrEqual(2);
  });

  it('a second run creates nothing: everyone synced is linked', async () => {
    const started = await startJob('sync-customers');

    const job = await untilFinished(started.id);

    expect(job.progress).toMatchObject({ total: 7, linked: 5, created: 0, failed: 2 });
    for (const user of [existingByEmail, ...fresh]) expect(customersWithEmail(user.email)).toHaveLength(1);
  });

  it('refuses a second job while one runs, and answers the latest job after a reload', async () => {
    emulator().injectFault({
      method: 'GET',
      path: `/v3/company/${realmId}/query`,
      latencyMs: 1500,
      times: 1,
    });
    const started = await startJob('sync-customers');

    const second = await admin.request('POST', '/api/jobs', { kind: 'sync-customers' });
    const latest = await admin.request('GET', '/api/jobs?kind=sync-customers');

    expect(second.status).toBe(409);
    expect(second.body.error.details).toEqual({ jobId: started.id });
    expect(latest.body.job.id).toBe(started.id);
    await untilFinished(started.id);
  });
});

describe('cancelling', () => {
  it('stops the job: items not started are skipped and QuickBooks gets no more creates', async () => {
    const users: User[] = [];
    for (let index = 0; index < 150; index += 1) users.push(await aCustomer());
    // Slow QuickBooks, so the cancel lands while the first items are still being worked.
    emulator().injectFault({
      method: 'POST',
      path: `/v3/company/${realmId}/batch`,
      latencyMs: 1000,
      times: 10,
    });
    const started = await startJob('sync-customers');
    while ((await admin.request('GET', `/api/jobs/${started.id}`)).body.progress.done === 0)
      await new Promise((resolve) => setTimeout(resolve, 50));

    const cancelled = await admin.request('POST', `/api/jobs/${started.id}/cancel`);
    await app.events.settled();
    const job = (await admin.request('GET', `/api/jobs/${started.id}`)).body;

    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect(job.state).toBe('cancelled');
    expect(job.progress.done).toBeLessThan(job.progress.total);
    const created = users.filter((user) => customersWithEmail(user.email).length > 0).length;
    expect(created).toBeLessThan(users.length);
    expect((await admin.request('POST', `/api/jobs/${started.id}/cancel`)).status).toBe(200);
  });
});

describe('Invoice resolved issues', () => {
  it('invoices the resolved issues with work to bill, updates out-of-date invoices, and leaves the rest', async () => {
    const fee = await aFixedFee(app, admin, realmId);
    const requestor = await aCustomer();
    const issueWith = async (status: 'open' | 'resolved', amount: string) => {
      const issue = await anIssue(app, { requestorId: requestor.id, status });
      await billAmount(admin, issue.id, { catalogId: fee.id, amount });
      return issue.id;
    };
    const toInvoice = await issueWith('resolved', '120.00');
    const changedSince = await issueWith('resolved', '80.00');
    const upToDate = await issueWith('resolved', '50.00');
    const stillOpen = await issueWith('open', '40.00');
    for (const issueId of [changedSince, upToDate])
      expect((await admin.request('POST', `/api/issues/${issueId}/invoice`)).status).toBe(200);
    await billAmount(admin, changedSince, { catalogId: fee.id, amount: '20.00' });
    const invoicesBefore = emulator().entities(realmId, 'Invoice').length;

    const job = await untilFinished((await startJob('invoice-issues')).id);

    expect(job.state).toBe('done');
    expect(job.progress).toMatchObject({ created: 1, updated: 1, failed: 0 });
    expect(job.progress.skipped).toBe(job.progress.total - 2);
    expect(emulator().entities(realmId, 'Invoice')).toHaveLength(invoicesBefore + 1);
    const invoicesOf = async (issueId: number) =>
      (await admin.request('GET', `/api/issues/${issueId}/invoices`)).body.items;
    expect((await invoicesOf(toInvoice)).map((invoice: { total: string }) => invoice.total)).toEqual([
      '120.00',
    ]);
    expect((await invoicesOf(changedSince)).map((invoice: { total: string }) => invoice.total)).toEqual([
      '100.00',
    ]);
    expect(await invoicesOf(stillOpen)).toEqual([]);
  });
});

describe('starting a job', () => {
  it.each([
    [{ kind: 'everything' }, 'kind'],
    [{}, 'kind'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const response = await admin.request('POST', '/api/jobs', body);

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty([field]);
  });

  it('says customer sync is off instead of starting while Sync user to QBO is switched off', async () => {
    await setQboToggles(app, { syncUser: false });

    const response = await admin.request('POST', '/api/jobs', { kind: 'sync-customers' });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('qbo_sync_user_disabled');
  });

  it('answers 404 for a job that does not exist and 400 for a malformed id', async () => {
    expect((await admin.request('GET', '/api/jobs/3f0c7a52-1111-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.request('GET', '/api/jobs/not-a-job')).status).toBe(400);
  });
});
