import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { User } from '../../shared/users/user';
import type { TestClient } from '../support/app-harness';
import { aUser, signedInClient } from '../support/builders';
import {
  approveQboConsent,
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  openFromNav,
  setQboToggles,
  startE2eApp,
} from '../support/e2e-app';
import { connectCompany, qboApi } from '../support/qbo-emulator';

// Issue 14: Settings → QBO "Sync all customers" with its progress bar, and a failed customer sync from the
// user page to "Sync health", with QuickBooks' message and reference, until "Retry" clears it.
describeInBrowser('Settings → QBO: bulk sync and sync health', () => {
  let e2e: E2eApp;
  let realmId: string;
  beforeAll(async () => {
    e2e = await startE2eApp({ events: true });
    realmId = e2e.qbo.companies[0]?.realmId ?? '';
  });
  afterAll(() => e2e?.close());
  beforeEach(async () => {
    e2e.qbo.clearFaults();
    await setQboToggles(e2e, { syncUser: true, syncInvoice: true });
  });

  const aCustomer = (name = `Ada Lovelace ${randomUUID().slice(0, 8)}`) =>
    aUser(e2e.app, { role: 'customer', name });
  /** Signs `admin` in and connects them to QuickBooks from Settings → QBO → Bulk sync. */
  const connectedInSettings = async (admin: User) => {
    const page = await e2e.signIn(admin);
    await openFromNav(page, 'Settings');
    await page
      .getByRole('region', { name: 'Bulk sync' })
      .getByRole('link', { name: 'Connect to QBO First' })
      .click();
    await approveQboConsent(page, e2e);
    return page;
  };
  const customersNamed = (name: string) =>
    e2e.qbo.entities(realmId, 'Customer').filter((customer) => customer.DisplayName === name);

  it(
    'an admin syncs all customers in the background, and the progress bar survives a reload',
    LONG_FLOW,
    async () => {
      const fresh = [await aCustomer(), await aCustomer(), await aCustomer()];
      const known = await aCustomer();
      // QuickBooks already has one of them, by name: that one is linked, not created again.
      await qboApi(e2e.qbo, await connectCompany(e2e.qbo, realmId)).post('customer', {
        DisplayName: known.name,
      });
      const admin = await aUser(e2e.app, { role: 'admin' });
      const page = await connectedInSettings(admin);
      // QuickBooks answers slowly for a while, so the reload below most likely lands mid-way.
      e2e.qbo.injectFault({ path: `/v3/company/${realmId}/`, latencyMs: 1000, times: 4 });

      const job = page.getByRole('region', { name: 'Sync all customers' });
      await job.getByRole('button', { name: 'Sync all customers' }).click();
      await job.getByRole('progressbar', { name: 'Sync all customers progress' }).waitFor();
      await page.reload();

      const reloaded = page.getByRole('region', { name: 'Sync all customers' });
      await reloaded.getByRole('progressbar', { name: 'Sync all customers progress' }).waitFor();
      await reloaded.getByRole('status').getByText('Done', { exact: true }).waitFor();
      const api: TestClient = await signedInClient(e2e.app, admin);
      const { body } = await api.request('GET', '/api/jobs?kind=sync-customers');
      const { progress } = body.job;
      expect(progress.done).toBe(progress.total);
      expect(progress.created).toBeGreaterThanOrEqual(fresh.length);
      expect(progress.linked).toBeGreaterThanOrEqual(1);
      await reloaded.getByText(`${progress.total} / ${progress.total} (100 %)`).waitFor();
      await reloaded.getByText(`Created: ${progress.created}`).waitFor();
      await reloaded.getByText(`Linked: ${progress.linked}`).waitFor();
      expect(await reloaded.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
      expect(await reloaded.getByRole('button', { name: 'Sync all customers' }).isEnabled()).toBe(true);
      for (const customer of [...fresh, known]) expect(customersNamed(customer.name)).toHaveLength(1);
    },
  );

  it(
    'a customer sync QuickBooks refused shows on the user page and in Sync health, until Retry syncs it',
    LONG_FLOW,
    async () => {
      const customer = await aCustomer();
      const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
      await page.goto(`/users/${customer.id}`);
      await page.getByRole('link', { name: 'Connect to QBO First' }).click();
      await approveQboConsent(page, e2e);
      e2e.qbo.injectFault({
        method: 'POST',
        path: `/v3/company/${realmId}/customer`,
        status: 400,
        code: '6000',
        times: 1,
      });

      await page.getByRole('button', { name: 'Sync to QBO' }).click();

      const onUserPage = page.getByRole('region', { name: 'Last sync failed' });
      await onUserPage.getByText('QuickBooks: Business Validation Error: injected fault').waitFor();
      await onUserPage.getByRole('button', { name: 'Retry' }).waitFor();
      const listed = await page.request.get(`/api/qbo/sync-failures?kind=customer&subjectId=${customer.id}`);
      const [failure] = (await listed.json()).items;
      expect(failure.intuitTid).toBeTruthy();
      await onUserPage.getByText(`QuickBooks reference: ${failure.intuitTid}`).waitFor();

      await openFromNav(page, 'Settings');
      const health = page.getByRole('region', { name: 'Sync health' });
      const row = health.getByRole('row').filter({ has: page.getByRole('link', { name: customer.name }) });
      await row.getByText('QuickBooks: Business Validation Error: injected fault').waitFor();
      await row.getByText(failure.intuitTid).waitFor();
      await health.getByRole('heading', { name: 'Failures (1)' }).waitFor();

      e2e.qbo.clearFaults();
      await row.getByRole('button', { name: 'Retry' }).click();

      await row.waitFor({ state: 'detached' });
      await health.getByRole('heading', { name: 'Failures (0)' }).waitFor();
      expect(customersNamed(customer.name)).toHaveLength(1);
      await page.goto(`/users/${customer.id}`);
      await page.getByRole('link', { name: 'View customer in QuickBooks' }).waitFor();
      expect(await page.getByRole('region', { name: 'Last sync failed' }).count()).toBe(0);
    },
  );

  it('an admin cancels a bulk job while it runs, and it says Cancelled', LONG_FLOW, async () => {
    await aCustomer();
    const page = await connectedInSettings(await aUser(e2e.app, { role: 'admin' }));
    // QuickBooks answers very slowly, so the job is still going when "Cancel" is pressed.
    e2e.qbo.injectFault({ path: `/v3/company/${realmId}/`, latencyMs: 3000, times: 20 });
    const job = page.getByRole('region', { name: 'Sync all customers' });

    await job.getByRole('button', { name: 'Sync all customers' }).click();
    await job.getByRole('button', { name: 'Cancel' }).click();

    await job.getByRole('status').getByText('Cancelled', { exact: true }).waitFor();
    expect(await job.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
  });

  it('explains why a bulk job cannot start while its setting is off', async () => {
    await setQboToggles(e2e, { syncInvoice: false });
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));

    await openFromNav(page, 'Settings');

    const job = page.getByRole('region', { name: 'Invoice resolved issues' });
    await job.getByText('Sync to invoice is disabled in QBO settings').waitFor();
    expect(await job.getByRole('button', { name: 'Invoice resolved issues' }).isDisabled()).toBe(true);
  });
});
