import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aUser, signedInClient } from '../support/builders';
import { describeInBrowser, type E2eApp, openFromNav, startE2eApp } from '../support/e2e-app';

const ENTRY = 'One line per entry';
const SUMMARY = 'One line per catalogue entry and rate';

describeInBrowser('Settings → Billing: Invoice detail', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  const billingOf = (page: Page) => page.getByRole('region', { name: 'Billing' });
  const chosen = async (page: Page) =>
    (await billingOf(page).getByLabel('Invoice detail').locator('option:checked').textContent()) ?? '';
  const choose = async (page: Page, option: string) => {
    const billing = billingOf(page);
    await billing.getByLabel('Invoice detail').selectOption({ label: option });
    const form = billing.locator('form', { has: page.getByLabel('Invoice detail') });
    const saved = page.waitForResponse(
      (response) => response.url().endsWith('/api/settings') && response.request().method() === 'PUT',
    );
    await form.getByRole('button', { name: 'Save' }).click();
    return (await saved).status();
  };
  const invoiceDetailSaved = async () => {
    const admin = await signedInClient(e2e.app, await aUser(e2e.app, { role: 'admin' }));
    return (await admin.request('GET', '/api/settings')).body.billing.invoiceDetail;
  };

  it('an admin switches invoices to one line per catalogue entry and rate, and back', async () => {
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));
    await openFromNav(page, 'Settings');
    expect(await chosen(page)).toBe(ENTRY);

    expect(await choose(page, SUMMARY)).toBe(200);
    await billingOf(page).getByText('Settings saved.').waitFor();
    expect(await invoiceDetailSaved()).toBe('summary');

    await page.reload();
    expect(await chosen(page)).toBe(SUMMARY);
    expect(await choose(page, ENTRY)).toBe(200);
    expect(await invoiceDetailSaved()).toBe('entry');
  });

  it('refuses a choice made on settings someone else saved since, and shows the latest', async () => {
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));
    await openFromNav(page, 'Settings');
    await billingOf(page).getByLabel('Invoice detail').waitFor();
    const other = await signedInClient(e2e.app, await aUser(e2e.app, { role: 'admin' }));
    const { version } = (await other.request('GET', '/api/settings')).body;
    await other.request('PUT', '/api/settings', { qbo: { syncUser: true }, version });

    expect(await choose(page, SUMMARY)).toBe(409);

    await billingOf(page).getByText('Someone else changed the settings just now').waitFor();
    await expect.poll(() => chosen(page)).toBe(ENTRY);
    expect(await invoiceDetailSaved()).toBe('entry');
  });

  it('shows staff the choice without letting them change it', async () => {
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
    await openFromNav(page, 'Settings');
    const billing = billingOf(page);
    await billing.getByText('Invoice detail').waitFor();

    expect(await billing.getByText(ENTRY).count()).toBe(1);
    expect(await billing.getByRole('combobox', { name: 'Invoice detail' }).count()).toBe(0);
  });
});
