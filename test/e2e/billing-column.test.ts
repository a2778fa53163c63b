import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestClient } from '../support/app-harness';
import { anIssue, aUser } from '../support/builders';
import {
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  openFromNav,
  setQboToggles,
  startE2eApp,
} from '../support/e2e-app';
import { aConnectedStaffClient, anInvoicedIssue } from '../support/invoiced-issues';

describeInBrowser('Issues list: the "Billing" column and filter', () => {
  let e2e: E2eApp;
  let staffApi: TestClient;
  beforeAll(async () => {
    e2e = await startE2eApp();
    await setQboToggles(e2e, { syncInvoice: true });
    staffApi = await aConnectedStaffClient(e2e.app);
  });
  afterAll(() => e2e?.close());

  it(
    'says where each issue’s money stands, and keeps the chosen billing state in the address',
    LONG_FLOW,
    async () => {
      const suffix = randomUUID().slice(0, 8);
      const customer = await aUser(e2e.app, { role: 'customer' });
      const notInvoiced = await anIssue(e2e.app, { requestorId: customer.id, title: `Quote ${suffix}` });
      const { issue: invoiced } = await anInvoicedIssue(e2e.app, staffApi, {
        customer,
        title: `Router swap ${suffix}`,
        amount: '120.00',
      });
      const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));

      await openFromNav(page, 'Issues');

      await page.getByRole('columnheader', { name: 'Billing' }).waitFor();
      const invoicedRow = page.getByRole('row').filter({ hasText: invoiced.title });
      await invoicedRow.getByText('Unpaid', { exact: true }).waitFor();
      const quoteRow = page.getByRole('row').filter({ hasText: notInvoiced.title });
      await quoteRow.getByText('Not invoiced', { exact: true }).waitFor();

      // Filtering by billing state keeps only the matching issues, and the address says so
      await page.getByLabel('Billing').selectOption({ label: 'Unpaid' });
      await page.waitForURL((url) => url.searchParams.get('billing') === 'unpaid');
      await quoteRow.waitFor({ state: 'detached' });
      await invoicedRow.waitFor();

      // A reload (or a shared link) shows the same list, and the status filter combines with it
      await page.reload();
      expect(await page.getByLabel('Billing').inputValue()).toBe('unpaid');
      await invoicedRow.waitFor();
      await page.getByLabel('Status').selectOption({ label: 'Open' });
      await page.waitForURL(
        (url) => url.searchParams.get('status') === 'open' && url.searchParams.get('billing') === 'unpaid',
      );
      await invoicedRow.waitFor();

      await page.getByLabel('Billing').selectOption({ label: 'Not invoiced' });
      await quoteRow.waitFor();
      expect(await invoicedRow.count()).toBe(0);
    },
  );

  it('lists every billing state in the filter, worded as users look for them', async () => {
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
    await openFromNav(page, 'Issues');

    const options = await page.getByLabel('Billing').locator('option').allTextContents();

    expect(options.slice(1)).toEqual(['Not invoiced', 'Unpaid', 'Partial', 'Paid', 'Overdue', 'Voided']);
  });
});
