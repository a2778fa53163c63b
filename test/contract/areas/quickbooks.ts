import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { DEFAULT_COMPANY_NAME, DEFAULT_REALM_ID } from '../../../local/qbo-emulator/companies';
import { insertJob, insertJobItem } from '../../../shared/jobs/job-repository';
import type { Settings } from '../../../shared/settings/settings';
import { getSettings } from '../../../shared/settings/settings-repository';
import type { Role } from '../../../shared/users/role';
import type { TestApp } from '../../support/app-harness';
import { billAmountDirect } from '../../support/billing';
import { anIssue, aUser } from '../../support/builders';
import { anInvoicedIssue } from '../../support/invoiced-issues';
import { connectQbo } from '../../support/qbo-connect';
import { setQboToggles } from '../../support/qbo-settings';
import type { ContractArea, ContractContext } from '../contract-context';

const OTHER_REALM_ID = '9341450000000002';

/** A user of its own, with a session through the proxy, connected to QuickBooks unless told not to. */
const aMember = async (
  context: ContractContext,
  role: Role,
  options: { connect?: boolean; realmId?: string } = {},
) => {
  const user = await aUser(context.app, { role });
  const client = await context.sessionOf(user);
  if (options.connect !== false) {
    const flow = await connectQbo(context.app, client, { realmId: options.realmId });
    expect(flow.location).toContain('qbo=connected');
  }
  return { user, client };
};

/** Runs `work` with the QBO toggles set so, then puts the settings' toggles back as they were. */
const withToggles = async (app: TestApp, toggles: Partial<Settings['qbo']>, work: () => Promise<void>) => {
  const before = (await getSettings(app.runtime.table)).qbo;
  await setQboToggles(app, toggles);
  try {
    await work();
  } finally {
    app.qbo?.clearFaults();
    await setQboToggles(app, before);
  }
};

/** QuickBooks refuses the next customer write once, with a business validation fault. */
const refuseNextCustomerWrite = (app: TestApp) =>
  app.qbo?.injectFault({
    method: 'POST',
    path: '^/v3/company/\\d+/customer',
    status: 400,
    code: '6000',
    times: 1,
  });

/** A job of three customers, two of them worked (one failed), stored as the worker writes it. */
const aRecordedJob = async (app: TestApp, actorId: string, state: 'running' | 'done') => {
  const id = randomUUID();
  const startedAt = new Date(app.runtime.now().getTime() - 60_000).toISOString();
  const at = app.runtime.now().toISOString();
  const [created, failed, waiting] = [randomUUID(), randomUUID(), randomUUID()];
  await insertJob(app.runtime.table, {
    id,
    kind: 'sync-customers',
    realmId: DEFAULT_REALM_ID,
    companyName: DEFAULT_COMPANY_NAME,
    actorId,
    state,
    createdAt: startedAt,
    startedAt,
    total: 3,
    itemCount: 1,
    ...(state === 'done' ? { finishedAt: at } : {}),
  });
  await insertJobItem(app.runtime.table, {
    jobId: id,
    itemNumber: 1,
    subjects: [created, failed, waiting],
    results: {
      [created]: { outcome: 'created', at },
      [failed]: { outcome: 'failed', at, code: 'qbo_error', message: 'QuickBooks: Invalid address' },
    },
  });
  return id;
};

export const quickbooksArea: ContractArea = {
  name: 'quickbooks',
  routes: [
    'GET /api/qbo/connect',
    'GET /api/qbo/callback',
    'GET /api/qbo/connection',
    'DELETE /api/qbo/connection',
    'GET /api/users/{id}/qbo-sync',
    'POST /api/users/{id}/qbo-sync',
    'GET /api/invoices',
    'GET /api/qbo/sync-status',
    'GET /api/qbo/sync-health',
    'GET /api/qbo/sync-failures',
    'POST /api/qbo/sync-failures/{id}/retry',
    'DELETE /api/qbo/sync-failures/{id}',
    'POST /api/jobs',
    'GET /api/jobs',
    'GET /api/jobs/{id}',
    'POST /api/jobs/{id}/cancel',
  ],
  cases: (context) => {
    it('connects, reads, marks for reconnect and disconnects its own QuickBooks company', async () => {
      const { app } = context();
      const { client } = await aMember(context(), 'staff', { connect: false });

      const denied = await connectQbo(app, client, { decision: 'deny', returnTo: '/users' });
      expect(denied.start.status).toBe(302);
      expect(denied.location).toBe('/users?qboError=denied');
      const connected = await connectQbo(app, client, { returnTo: '/issues?status=open' });
      expect(connected.location).toBe('/issues?status=open&qbo=connected');
      const status = await client.request('GET', '/api/qbo/connection');
      expect(status.status).toBe(200);
      expect(status.body).toMatchObject({ connected: true, realmId: DEFAULT_REALM_ID });

      // A company of its own, so revoking its grants leaves the shared users' connections alone.
      await connectQbo(app, client, { realmId: OTHER_REALM_ID });
      app.qbo?.revokeAllTokens(OTHER_REALM_ID);
      const dropped = await client.request('GET', '/api/qbo/connection');
      expect(dropped.status).toBe(200);
      expect(dropped.body.needsReconnect).toBeDefined();

      expect((await client.request('DELETE', '/api/qbo/connection')).status).toBe(204);
      expect((await client.request('GET', '/api/qbo/connection')).body).toEqual({ connected: false });
      expect((await client.request('DELETE', '/api/qbo/connection')).status).toBe(204);
    });

    it('says what is wrong with a connect, a callback or a connection', async () => {
      const { app, as, anonymous } = context();
      const { client } = await aMember(context(), 'staff');
      expect((await as('customer').request('GET', '/api/qbo/connect')).status).toBe(403);
      expect((await anonymous().request('GET', '/api/qbo/connect')).status).toBe(401);
      expect((await client.request('GET', `/api/qbo/connect?returnTo=/${'a'.repeat(500)}`)).status).toBe(400);
      expect((await client.request('GET', '/api/qbo/callback?code=x&state=y&realmId=abc')).status).toBe(400);
      expect((await as('customer').request('GET', '/api/qbo/callback?error=access_denied')).status).toBe(403);
      const unknownState = await client.request('GET', '/api/qbo/callback?code=x&state=unknown&realmId=1');
      expect(unknownState.status).toBe(302);
      expect(unknownState.headers.get('location')).toBe('/settings?qboError=state');

      expect((await anonymous().request('GET', '/api/qbo/connection')).status).toBe(401);
      expect((await as('customer').request('DELETE', '/api/qbo/connection')).status).toBe(403);
      try {
        app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 429, times: 10 });
        const throttled = await client.request('GET', '/api/qbo/connection');
        expect(throttled.status).toBe(429);
        app.qbo?.clearFaults();
        app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 503, times: 10 });
        expect((await client.request('GET', '/api/qbo/connection')).status).toBe(503);
      } finally {
        app.qbo?.clearFaults();
      }
    });

    it('syncs a user as a customer, and shows their links, history and failures', async () => {
      const { app, users } = context();
      const { client } = await aMember(context(), 'staff');
      const customer = await aUser(app, {
        role: 'customer',
        address: { line1: '1 Main St', city: 'Springfield', postalCode: '12345' },
      });
      await withToggles(app, { syncUser: true }, async () => {
        expect((await client.request('GET', `/api/users/${customer.id}/qbo-sync`)).status).toBe(200);
        refuseNextCustomerWrite(app);
        const refused = await client.request('POST', `/api/users/${customer.id}/qbo-sync`);
        expect(refused.status).toBe(502);
        const synced = await client.request('POST', `/api/users/${customer.id}/qbo-sync`);
        expect(synced.status).toBe(200);
        expect((await client.request('POST', `/api/users/${customer.id}/qbo-sync`)).body.outcome).toBe(
          'updated',
        );
        const view = await client.request('GET', `/api/users/${customer.id}/qbo-sync`);
        expect(view.status).toBe(200);
        expect(view.body.links).toHaveLength(1);
        expect(view.body.history.length).toBeGreaterThanOrEqual(3);

        expect((await client.request('POST', `/api/users/${randomUUID()}/qbo-sync`)).status).toBe(404);
        const unconnected = await aMember(context(), 'staff', { connect: false });
        const notConnected = await unconnected.client.request(
          'POST',
          `/api/users/${users.customer.id}/qbo-sync`,
        );
        expect(notConnected.status).toBe(409);
      });
      await withToggles(app, { syncUser: false }, async () => {
        const off = await client.request('POST', `/api/users/${customer.id}/qbo-sync`);
        expect(off.body.error?.code).toBe('qbo_sync_user_disabled');
      });
    });

    it('says what is wrong with a user to sync', async () => {
      const { as, users } = context();
      expect((await as('staff').request('GET', '/api/users/not-a-user/qbo-sync')).status).toBe(400);
      expect((await as('staff').request('GET', `/api/users/${randomUUID()}/qbo-sync`)).status).toBe(404);
      expect((await as('customer').request('GET', `/api/users/${users.customer.id}/qbo-sync`)).status).toBe(
        403,
      );
      expect((await as('customer').request('POST', `/api/users/${users.customer.id}/qbo-sync`)).status).toBe(
        403,
      );
      expect((await as('staff').request('POST', '/api/users/not-a-user/qbo-sync')).status).toBe(400);
    });

    it('lists, retries and dismisses failed syncs, and counts what is synced', async () => {
      const { app, as, anonymous } = context();
      const sam = await aMember(context(), 'staff');
      await withToggles(app, { syncUser: true, syncInvoice: true }, async () => {
        const failedCustomers = [];
        for (const _ of [1, 2, 3]) {
          const customer = await aUser(app, { role: 'customer' });
          refuseNextCustomerWrite(app);
          expect((await sam.client.request('POST', `/api/users/${customer.id}/qbo-sync`)).status).toBe(502);
          failedCustomers.push(customer);
        }
        const firstPage = await sam.client.request('GET', '/api/qbo/sync-failures?limit=2');
        expect(firstPage.status).toBe(200);
        expect(firstPage.body.items).toHaveLength(2);
        const secondPage = await sam.client.request(
          'GET',
          `/api/qbo/sync-failures?limit=2&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`,
        );
        expect(secondPage.body.items).toHaveLength(1);
        const [retried, dismissed, elsewhere] = failedCustomers.map(
          (customer) => `customer.${customer.id}.${DEFAULT_REALM_ID}`,
        );
        const ofOne = await as('admin').request(
          'GET',
          `/api/qbo/sync-failures?kind=customer&subjectId=${failedCustomers[0]?.id}`,
        );
        expect(ofOne.body.items.map((item: { id: string }) => item.id)).toEqual([retried]);

        const retry = await sam.client.request('POST', `/api/qbo/sync-failures/${retried}/retry`);
        expect(retry.status).toBe(200);
        expect((await sam.client.request('DELETE', `/api/qbo/sync-failures/${dismissed}`)).status).toBe(204);
        expect((await sam.client.request('DELETE', `/api/qbo/sync-failures/${dismissed}`)).status).toBe(404);
        expect((await as('staff').request('POST', `/api/qbo/sync-failures/${elsewhere}/retry`)).status).toBe(
          404,
        );

        // An invoice QuickBooks refuses once, then retried from Sync health.
        const requestor = await aUser(app, { role: 'customer' });
        const issue = await anIssue(app, { requestorId: requestor.id });
        await billAmountDirect(app, {
          issue,
          realmId: DEFAULT_REALM_ID,
          amount: '120.00',
          description: 'Setup',
        });
        app.qbo?.injectFault({
          method: 'POST',
          path: '^/v3/company/\\d+/invoice',
          status: 400,
          code: '6000',
          times: 1,
        });
        expect(
          (await app.client(sam.client.cookie).request('POST', `/api/issues/${issue.id}/invoice`)).status,
        ).toBe(502);
        const invoiceFailures = await sam.client.request(
          'GET',
          `/api/qbo/sync-failures?kind=invoice&subjectId=${issue.id}`,
        );
        expect(invoiceFailures.body.items[0].subject.path).toBe(`/issues/${issue.id}`);
        const invoiceRetry = await sam.client.request(
          'POST',
          `/api/qbo/sync-failures/invoice.${issue.id}.${DEFAULT_REALM_ID}/retry`,
        );
        expect(invoiceRetry.status).toBe(200);
        expect(invoiceRetry.body.result.invoice.lines).toHaveLength(1);

        const health = await sam.client.request('GET', '/api/qbo/sync-health');
        expect(health.status).toBe(200);
        expect(health.body.failures).toBe(1);

        // Connected to another company now: the failure with the first one cannot be retried from here.
        await connectQbo(app, sam.client, { realmId: OTHER_REALM_ID });
        expect((await sam.client.request('POST', `/api/qbo/sync-failures/${elsewhere}/retry`)).status).toBe(
          409,
        );
        expect((await sam.client.request('DELETE', `/api/qbo/sync-failures/${elsewhere}`)).status).toBe(204);
      });

      expect((await as('customer').request('GET', '/api/qbo/sync-health')).status).toBe(403);
      expect((await as('staff').request('GET', '/api/qbo/sync-failures?kind=invoice')).status).toBe(400);
      expect((await as('staff').request('GET', '/api/qbo/sync-failures?limit=0')).status).toBe(400);
      expect((await as('staff').request('POST', '/api/qbo/sync-failures/invoice.abc.1/retry')).status).toBe(
        400,
      );
      expect(
        (await anonymous().request('DELETE', `/api/qbo/sync-failures/customer.${randomUUID()}.1`)).status,
      ).toBe(401);
      expect((await as('staff').request('DELETE', '/api/qbo/sync-failures/customer.x.1')).status).toBe(400);
    });

    it('refuses a retry while its sync is switched off', async () => {
      const { app } = context();
      const sam = await aMember(context(), 'staff');
      const customer = await aUser(app, { role: 'customer' });
      const failure = `customer.${customer.id}.${DEFAULT_REALM_ID}`;
      await withToggles(app, { syncUser: true }, async () => {
        refuseNextCustomerWrite(app);
        expect((await sam.client.request('POST', `/api/users/${customer.id}/qbo-sync`)).status).toBe(502);
      });
      await withToggles(app, { syncUser: false }, async () => {
        const off = await sam.client.request('POST', `/api/qbo/sync-failures/${failure}/retry`);
        expect(off.body.error?.code).toBe('qbo_sync_user_disabled');
      });
      expect((await sam.client.request('DELETE', `/api/qbo/sync-failures/${failure}`)).status).toBe(204);
    });

    it('lists the invoices Deskbooks made, by state and customer, a page at a time', async () => {
      const { app, as } = context();
      const sam = await aMember(context(), 'staff');
      const customer = await aUser(app, { role: 'customer' });
      await withToggles(app, { syncUser: true, syncInvoice: true }, async () => {
        const direct = app.client(sam.client.cookie);
        await anInvoicedIssue(app, direct, { customer, title: 'Router swap', amount: '80.00' });
        await anInvoicedIssue(app, direct, { customer, title: 'Cabling', amount: '45.50' });
      });
      const firstPage = await as('staff').request('GET', '/api/invoices?limit=1');
      expect(firstPage.status).toBe(200);
      expect(firstPage.body.nextCursor).toBeDefined();
      const secondPage = await as('staff').request(
        'GET',
        `/api/invoices?limit=1&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`,
      );
      expect(secondPage.status).toBe(200);
      const filtered = await as('admin').request(
        'GET',
        `/api/invoices?status=unpaid&customerId=${customer.id}`,
      );
      expect(filtered.body.items).toHaveLength(2);

      expect((await as('staff').request('GET', '/api/invoices?status=not_invoiced')).status).toBe(400);
      expect((await as('staff').request('GET', '/api/invoices?customerId=someone')).status).toBe(400);
      expect((await as('customer').request('GET', '/api/invoices')).status).toBe(403);
    });

    it('shows admins whether webhooks arrive and when the backstop ran', async () => {
      const { as, anonymous } = context();
      const status = await as('admin').request('GET', '/api/qbo/sync-status');
      expect(status.status).toBe(200);
      expect(status.body.companies.length).toBeGreaterThan(0);
      expect((await as('staff').request('GET', '/api/qbo/sync-status')).status).toBe(403);
      expect((await anonymous().request('GET', '/api/qbo/sync-status')).status).toBe(401);
    });

    it('starts, follows and cancels a bulk job', async () => {
      const { app } = context();
      const { user, client } = await aMember(context(), 'admin');
      await withToggles(app, { syncUser: true, syncInvoice: true }, async () => {
        const started = await client.request('POST', '/api/jobs', { kind: 'sync-customers' });
        expect(started.status).toBe(202);
        const again = await client.request('POST', '/api/jobs', { kind: 'sync-customers' });
        expect(again.status).toBe(409);
        const latest = await client.request('GET', '/api/jobs?kind=sync-customers');
        expect(latest.body.job.id).toBe(started.body.id);
        expect((await client.request('GET', `/api/jobs/${started.body.id}`)).status).toBe(200);
        const cancelled = await client.request('POST', `/api/jobs/${started.body.id}/cancel`);
        expect(cancelled.body.state).toBe('cancelled');
        expect((await client.request('POST', `/api/jobs/${started.body.id}/cancel`)).status).toBe(200);

        const unconnected = await aMember(context(), 'admin', { connect: false });
        const notConnected = await unconnected.client.request('POST', '/api/jobs', {
          kind: 'invoice-issues',
        });
        expect(notConnected.status).toBe(409);
      });
      await withToggles(app, { syncInvoice: false }, async () => {
        const off = await client.request('POST', '/api/jobs', { kind: 'invoice-issues' });
        expect(off.body.error?.code).toBe('qbo_sync_invoice_disabled');
      });

      // Jobs as the worker leaves them (the contract app runs no worker): one running, one done.
      const running = await aRecordedJob(app, user.id, 'running');
      const progress = await client.request('GET', `/api/jobs/${running}`);
      expect(progress.body).toMatchObject({
        progress: { done: 2, failed: 1 },
        failures: [{ code: 'qbo_error' }],
      });
      expect(progress.body.secondsLeft).toBeGreaterThan(0);
      expect((await client.request('POST', `/api/jobs/${running}/cancel`)).status).toBe(200);
      const done = await aRecordedJob(app, user.id, 'done');
      expect((await client.request('POST', `/api/jobs/${done}/cancel`)).status).toBe(409);
    });

    it('says what is wrong with a job', async () => {
      const { as } = context();
      expect((await as('admin').request('POST', '/api/jobs', { kind: 'everything' })).status).toBe(400);
      expect((await as('staff').request('POST', '/api/jobs', { kind: 'sync-customers' })).status).toBe(403);
      expect((await as('admin').request('GET', '/api/jobs')).status).toBe(400);
      expect((await as('admin').request('GET', '/api/jobs?kind=invoice-issues')).status).toBe(200);
      expect((await as('admin').request('GET', `/api/jobs/${randomUUID()}`)).status).toBe(404);
      expect((await as('admin').request('GET', '/api/jobs/1')).status).toBe(400);
      expect((await as('admin').request('POST', `/api/jobs/${randomUUID()}/cancel`)).status).toBe(404);
      expect((await as('staff').request('POST', `/api/jobs/${randomUUID()}/cancel`)).status).toBe(403);
    });
  },
};
