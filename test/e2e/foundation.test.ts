import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aUser } from '../support/builders';
import { describeInBrowser, type E2eApp, startE2eApp } from '../support/e2e-app';

describeInBrowser('the helpdesk in a browser', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  it('signs in, adds a customer and an issue for them, finds both in the lists, and signs out', async () => {
    const staff = await aUser(e2e.app, { role: 'staff' });
    const suffix = randomUUID().slice(0, 8);
    const customer = { name: `Ada Lovelace ${suffix}`, email: `ada-${suffix}@example.com` };
    const title = `Printer on fire ${suffix}`;
    const page = await e2e.signIn(staff);

    // A customer, from Users → New user
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByLabel('Name', { exact: true }).fill(customer.name);
    await page.getByLabel('Email', { exact: true }).fill(customer.email);
    await page.getByLabel('Role').selectOption({ label: 'Customer' });
    await page.getByLabel('Address line 1').fill('12 Analytical Row');
    await page.getByLabel('City').fill('London');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();

    // An issue for them, from Issues → New issue, finding them in the requestor picker
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Issues' }).click();
    await page.getByRole('link', { name: 'New issue' }).click();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Description').fill('Smoke coming out of tray 2.');
    await page.getByLabel('Find requestor').fill(suffix);
    await page
      .getByLabel('Requestor', { exact: true })
      .selectOption({ label: `${customer.name} <${customer.email}>` });
    await page.getByLabel('Address line 1').fill('1 Billing Street');
    await page.getByLabel('City').fill('Manchester');
    await page.getByLabel('Billing email').fill(`billing-${suffix}@example.com`);
    await page.getByRole('button', { name: 'Create issue' }).click();

    // The issue page: requestor links to their user page, billing fields shown
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const requestorLink = page.getByRole('link', { name: customer.name });
    expect(await requestorLink.getAttribute('href')).toMatch(/^\/users\/[^/]+$/);
    await page.getByText(`billing-${suffix}@example.com`).waitFor();
    await page.getByText('1 Billing Street').waitFor();
    await page.getByText('Manchester').waitFor();

    // Both in their lists
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Issues' }).click();
    await page.getByRole('row', { name: title }).getByRole('link', { name: customer.name }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Search').fill(customer.email);
    await page.getByRole('row', { name: customer.email }).getByRole('link', { name: customer.name }).click();
    await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();

    // Signing out ends the session: the app goes back to the sign-in page and stays there
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.goto('/issues');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
