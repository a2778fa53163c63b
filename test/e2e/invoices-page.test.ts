import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { User } from '../../shared/users/user';
import { aUser } from '../support/builders';
import {
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  openFromNav,
  setQboToggles,
  startE2eApp,
} from '../support/e2e-app';
import { aConnectedStaffClient, anInvoicedIssue, type InvoicedIssue } from '../support/invoiced-issues';

// One more than a page of the Invoices page, so "Load more" has something to bring.
const REGULAR_INVOICES = 26;

describeInBrowser('the Invoices page', () => {
  let e2e: E2eApp;
  let regular: User;
  let oneOff: User;
  let oneOffInvoice: InvoicedIssue;
  beforeAll(async () => {
    e2e = await startE2eApp();
    await setQboToggles(e2e, { syncInvoice: true });
    const staffApi = await aConnectedStaffClient(e2e.app);
    const suffix = randomUUID().slice(0, 8);
    regular = await aUser(e2e.app, { role: 'customer', name: `Grace Hopper ${suffix}` });
    oneOff = await aUser(e2e.app, { role: 'customer', name: `Alan Turing ${suffix}` });
    for (let n = 1; n <= REGULAR_INVOICES; n += 1)
      await anInvoicedIssue(e2e.app, staffApi, {
        customer: regular,
        title: `Monthly check ${n}`,
        amount: '10.00',
      });
    oneOffInvoice = await anInvoicedIssue(e2e.app, staffApi, {
      customer: oneOff,
      title: `Server move ${suffix}`,
      amount: '150.00',
    });
  }, 240_000);
  afterAll(() => e2e?.close());

  it(
    'lists every invoice newest first with what is outstanding, each linking to its issue and to QuickBooks',
    LONG_FLOW,
    async () => {
      const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));

      await openFromNav(page, 'Invoices');

      await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
      const totals = page.getByRole('definition');
      await page.getByText('Outstanding', { exact: true }).waitFor();
      await totals.getByText('$410.00', { exact: true }).waitFor();
      await page.getByText('Overdue', { exact: true }).first().waitFor();
      await expect.poll(() => totals.allTextContents()).toEqual(['$410.00', '$0.00']);

      const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'View in QBO' }) });
      const newest = rows.first();
      expect(await newest.textContent()).toContain(oneOffInvoice.invoice.label);
      await newest.getByRole('link', { name: oneOff.name }).waitFor();
      await newest.getByText('Unpaid', { exact: true }).waitFor();
      await expect.poll(() => newest.getByRole('cell').allTextContents()).toContain('$150.00');
      const toQuickBooks = newest.getByRole('link', { name: 'View in QBO' });
      expect(await toQuickBooks.getAttribute('target')).toBe('_blank');
      expect(await toQuickBooks.getAttribute('href')).toContain(`txnId=${oneOffInvoice.invoice.id}`);

      // A page at a time: "Load more" brings the oldest
      expect(await rows.count()).toBe(25);
      await page.getByRole('button', { name: 'Load more' }).click();
      await page.getByRole('link', { name: 'Monthly check 1', exact: true }).waitFor();
      expect(await rows.count()).toBe(REGULAR_INVOICES + 1);
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

      await newest.getByRole('link', { name: oneOffInvoice.issue.title }).click();
      await page.getByRole('heading', { level: 1, name: oneOffInvoice.issue.title }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/issues/${oneOffInvoice.issue.id}`);
    },
  );

  it('filters by status and by customer, keeping both in the address', LONG_FLOW, async () => {
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
    await openFromNav(page, 'Invoices');
    const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'View in QBO' }) });
    await rows.first().waitFor();

    await page.getByLabel('Find customer').fill(oneOff.name);
    await page
      .getByLabel('Customer', { exact: true })
      .selectOption({ label: `${oneOff.name} <${oneOff.email}>` });

    await page.waitForURL((url) => url.searchParams.get('customer') === oneOff.id);
    await rows.filter({ hasText: 'Monthly check' }).first().waitFor({ state: 'detached' });
    // The list may load again once the picker has looked the customer up: wait for where it settles.
    await expect.poll(() => rows.count()).toBe(1);
    await rows.getByRole('link', { name: oneOffInvoice.issue.title }).waitFor();

    await page.getByLabel('Status').selectOption({ label: 'Paid' });
    await page.getByText('No invoices match.').waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('paid');

    // A reload shows the same filters, the customer named in the picker
    await page.reload();
    await page.getByText('No invoices match.').waitFor();
    expect(await page.getByLabel('Status').inputValue()).toBe('paid');
    await page
      .getByLabel('Customer', { exact: true })
      .getByRole('option', { name: `${oneOff.name} <${oneOff.email}>` })
      .waitFor({ state: 'attached' });
    expect(await page.getByLabel('Customer', { exact: true }).inputValue()).toBe(oneOff.id);

    await page.getByLabel('Status').selectOption({ label: 'Unpaid' });
    await rows.getByRole('link', { name: oneOffInvoice.issue.title }).waitFor();
    expect(await rows.count()).toBe(1);
  });

  it('is for staff only: customers have no "Invoices" link and are refused the page', async () => {
    const customer = await aUser(e2e.app, { role: 'customer', enabled: true, password: 'a customer pw 1' });
    const page = await e2e.signIn(customer, 'a customer pw 1');

    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).count(),
    ).toBe(0);
    await page.goto('/invoices');

    await page.getByRole('alert').getByText('You do not have permission to do that.').waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Invoices' }).count()).toBe(0);
  });
});
