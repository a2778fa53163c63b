import { afterAll, beforeAll, expect, it } from 'vitest';
import { aUser } from '../support/builders';
import {
  approveQboConsent,
  describeInBrowser,
  type E2eApp,
  openFromNav,
  startE2eApp,
} from '../support/e2e-app';

describeInBrowser('Settings → QBO: connecting QuickBooks', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  const signedInStaff = async () => e2e.signIn(await aUser(e2e.app, { role: 'staff' }));

  it('goes through Intuit’s consent page and comes back to Settings showing the company', async () => {
    const company = e2e.qbo.companies[1] ?? { realmId: '', companyName: '' };
    const page = await signedInStaff();
    await openFromNav(page, 'Settings');

    await page.getByRole('link', { name: 'Connect to QuickBooks' }).click();
    await approveQboConsent(page, e2e, company.companyName);

    await page.getByText('Connected to QuickBooks').waitFor();
    // Sync health below lists the companies too: read the connection's own panel.
    const connection = page.locator('.qbo-connection');
    await connection.getByText(company.companyName, { exact: true }).waitFor();
    await connection.getByText(company.realmId, { exact: true }).waitFor();
    await page.getByText(/^Connected since /).waitFor();
    await page.getByRole('button', { name: 'Disconnect' }).waitFor();
    // The callback's ?qbo=connected is read once and taken out of the address.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/settings');
  });

  it('disconnects after asking, and offers to connect again', async () => {
    const page = await signedInStaff();
    await openFromNav(page, 'Settings');
    await page.getByRole('link', { name: 'Connect to QuickBooks' }).click();
    await approveQboConsent(page, e2e);

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('Disconnect from QuickBooks?').waitFor();
    await page.getByRole('button', { name: 'Disconnect' }).click();

    await page.getByText('Disconnected from QuickBooks.').waitFor();
    await page.getByRole('link', { name: 'Connect to QuickBooks' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Connect to QuickBooks' }).waitFor();
  });

  it('says the connection was cancelled when the user cancels on Intuit’s page', async () => {
    const page = await signedInStaff();
    await openFromNav(page, 'Settings');

    await page.getByRole('link', { name: 'Connect to QuickBooks' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('alert').getByText('QuickBooks connection was cancelled').waitFor();
    await page.getByRole('link', { name: 'Connect to QuickBooks' }).waitFor();
  });

  it('asks for a reconnect, with the reason, once QuickBooks no longer accepts the connection', async () => {
    const page = await signedInStaff();
    await openFromNav(page, 'Settings');
    await page.getByRole('link', { name: 'Connect to QuickBooks' }).click();
    await approveQboConsent(page, e2e);
    await page.getByRole('button', { name: 'Disconnect' }).waitFor();

    e2e.qbo.revokeAllTokens();
    await page.reload();

    await page.getByRole('link', { name: 'Reconnect to QuickBooks' }).waitFor();
    await page.getByText(/QuickBooks no longer accepts this connection: .+/).waitFor();
  });
});
