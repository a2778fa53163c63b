import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aUser } from '../support/builders';
import {
  approveQboConsent,
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  setQboToggles,
  startE2eApp,
  turnOnInSettings,
} from '../support/e2e-app';

describeInBrowser('User page: syncing a customer to QuickBooks', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  const aCustomer = () => {
    const suffix = randomUUID().slice(0, 8);
    return aUser(e2e.app, {
      role: 'customer',
      name: `Grace Hopper ${suffix}`,
      email: `grace-${suffix}@example.com`,
      phone: '+1 555 0100',
      address: {
        line1: '1 Compiler Way',
        city: 'Arlington',
        region: 'VA',
        postalCode: '22201',
        country: 'USA',
      },
    });
  };

  it(
    'admin turns sync on; staff connects, syncs a customer and opens them in QuickBooks',
    LONG_FLOW,
    async () => {
      await setQboToggles(e2e, { syncUser: false });
      const customer = await aCustomer();
      const adminPage = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));
      await turnOnInSettings(adminPage, 'Sync user to QBO');

      const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
      await page.goto(`/users/${customer.id}`);
      await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();
      await page.getByRole('link', { name: 'Connect to QBO First' }).click();
      await approveQboConsent(page, e2e);

      // Back on the same user page, now connected
      expect(new URL(page.url()).pathname).toBe(`/users/${customer.id}`);
      await page.getByText('Connected to QuickBooks').waitFor();
      await page.getByRole('button', { name: 'Sync to QBO' }).click();

      const viewCustomer = page.getByRole('link', { name: 'View customer in QuickBooks' });
      await viewCustomer.waitFor();
      await page.getByText(/^Last synced /).waitFor();
      await page.getByRole('img', { name: 'QuickBooks' }).waitFor();
      await page.getByRole('heading', { name: 'Recent syncs' }).waitFor();
      expect(await viewCustomer.getAttribute('target')).toBe('_blank');

      const [quickBooks] = await Promise.all([page.context().waitForEvent('page'), viewCustomer.click()]);
      await quickBooks.getByRole('heading', { level: 1, name: customer.name }).waitFor();
      await quickBooks.getByText(customer.email).waitFor();
    },
  );

  it('syncing again updates the same QuickBooks customer instead of adding one', LONG_FLOW, async () => {
    await setQboToggles(e2e, { syncUser: true });
    const customer = await aCustomer();
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
    await page.goto(`/users/${customer.id}`);
    await page.getByRole('link', { name: 'Connect to QBO First' }).click();
    await approveQboConsent(page, e2e);
    const realmId = e2e.qbo.companies[0]?.realmId ?? '';

    await page.getByRole('button', { name: 'Sync to QBO' }).click();
    await page.getByRole('link', { name: 'View customer in QuickBooks' }).waitFor();
    await page.getByRole('button', { name: 'Sync to QBO' }).click();
    await page.getByText(/Updated customer/).waitFor();

    const named = e2e.qbo.entities(realmId, 'Customer').filter((row) => row.DisplayName === customer.name);
    expect(named).toHaveLength(1);
  });

  it('says sync is disabled in settings, with no button, when the toggle is off', async () => {
    await setQboToggles(e2e, { syncUser: false });
    const customer = await aCustomer();
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));

    await page.goto(`/users/${customer.id}`);

    await page.getByText('Sync user to QBO is disabled in settings').waitFor();
    expect(await page.getByRole('button', { name: 'Sync to QBO' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Connect to QBO First' }).count()).toBe(0);
  });
});
