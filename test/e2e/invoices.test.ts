import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IssueView } from '../../shared/issues/issue';
import { billAmountDirect } from '../support/billing';
import { anIssue, aUser } from '../support/builders';
import {
  approveQboConsent,
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  setQboToggles,
  startE2eApp,
  turnOnInSettings,
} from '../support/e2e-app';

describeInBrowser('Issue page: invoicing in QuickBooks', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  const anIssueForACustomer = async () => {
    const suffix = randomUUID().slice(0, 8);
    const customer = await aUser(e2e.app, {
      role: 'customer',
      name: `Katherine Johnson ${suffix}`,
      email: `katherine-${suffix}@example.com`,
    });
    const issue = await anIssue(e2e.app, {
      requestorId: customer.id,
      title: `Orbit check ${suffix}`,
      billingAddress: { line1: '1 Launch Pad', city: 'Hampton', region: 'VA', postalCode: '23666' },
      billingEmail: `billing-${suffix}@example.com`,
    });
    return { customer, issue };
  };
  // The billable work behind the invoice: $150.00 on the one line (billing has its own tests).
  const billTheIssue = (issue: IssueView) =>
    billAmountDirect(e2e.app, {
      issue,
      realmId: e2e.qbo.companies[0]?.realmId ?? '',
      amount: '150.00',
      description: issue.title,
    });

  it(
    'lists the issue’s invoices once "Logged into QBO" is ticked, creates one and opens it in QuickBooks',
    LONG_FLOW,
    async () => {
      await setQboToggles(e2e, { syncInvoice: false });
      const { customer, issue } = await anIssueForACustomer();
      const adminPage = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));
      await turnOnInSettings(adminPage, 'Sync issue to invoice');

      const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
      await page.goto(`/issues/${issue.id}`);
      await page.getByRole('heading', { level: 1, name: issue.title }).waitFor();
      await page.getByRole('link', { name: 'Connect to QBO First' }).click();
      await approveQboConsent(page, e2e);
      expect(new URL(page.url()).pathname).toBe(`/issues/${issue.id}`);
      await billTheIssue(issue);

      // "Sign in" opens QuickBooks; the list waits for the tick
      const signIn = page.getByRole('link', { name: 'Sign in', exact: true });
      expect(await signIn.getAttribute('href')).toBe(`${e2e.qbo.url}/app/homepage`);
      expect(await signIn.getAttribute('target')).toBe('_blank');
      expect(await page.getByRole('heading', { name: 'Invoices for this issue' }).count()).toBe(0);
      await page.getByLabel('Logged into QBO').check();
      await page.getByText('No invoices yet').waitFor();

      await page.getByRole('button', { name: 'Create invoice' }).click();

      const row = page.getByRole('row').filter({ hasText: 'Unpaid' });
      await row.waitFor();
      expect(await row.textContent()).toContain('$150.00');
      await page.getByRole('button', { name: 'Update invoice' }).waitFor();
      // The requestor was synced on the way: "View in QBO" now stands next to them
      await page
        .getByRole('definition')
        .filter({ hasText: customer.name })
        .getByRole('link', { name: 'View in QBO' })
        .waitFor();

      const viewInvoice = row.getByRole('link', { name: 'View in QBO' });
      const [quickBooks] = await Promise.all([page.context().waitForEvent('page'), viewInvoice.click()]);
      await quickBooks.getByRole('heading', { level: 1, name: /^Invoice no\./ }).waitFor();
      await quickBooks.getByText(customer.name).waitFor();

      // A payment recorded in QuickBooks shows on the next visit, which remembers the tick
      const realmId = e2e.qbo.companies[0]?.realmId ?? '';
      const invoiceId =
        new URL((await viewInvoice.getAttribute('href')) ?? '').searchParams.get('txnId') ?? '';
      e2e.qbo.applyPayment({ realmId, invoiceId, amount: 50 });
      await page.reload();
      const partial = page.getByRole('row').filter({ hasText: 'Partial' });
      await partial.waitFor();
      expect(await partial.textContent()).toContain('$100.00');
    },
  );

  it('updates the issue’s invoice instead of making a second one', LONG_FLOW, async () => {
    await setQboToggles(e2e, { syncInvoice: true });
    const { issue } = await anIssueForACustomer();
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
    await page.goto(`/issues/${issue.id}`);
    await page.getByRole('link', { name: 'Connect to QBO First' }).click();
    await approveQboConsent(page, e2e);
    await billTheIssue(issue);
    await page.getByLabel('Logged into QBO').check();

    await page.getByRole('button', { name: 'Create invoice' }).click();
    const updated = page.waitForResponse(
      (response) =>
        response.url().endsWith(`/api/issues/${issue.id}/invoice`) && response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Update invoice' }).click();
    expect((await updated).status()).toBe(200);

    await page.getByRole('row').filter({ hasText: 'Unpaid' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'View in QBO' }).count()).toBe(1);
    const realmId = e2e.qbo.companies[0]?.realmId ?? '';
    const forIssue = e2e.qbo
      .entities(realmId, 'Invoice')
      .filter((invoice) => JSON.stringify(invoice.Line).includes(issue.title));
    expect(forIssue).toHaveLength(1);
  });

  it('says invoicing is disabled, with no "Create invoice", when the toggle is off', async () => {
    await setQboToggles(e2e, { syncInvoice: false });
    const { issue } = await anIssueForACustomer();
    const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));

    await page.goto(`/issues/${issue.id}`);

    await page.getByText('Sync to invoice is disabled in QBO settings').waitFor();
    expect(await page.getByRole('button', { name: 'Create invoice' }).count()).toBe(0);
  });
});
