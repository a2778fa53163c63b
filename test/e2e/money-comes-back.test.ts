import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestClient } from '../support/app-harness';
import { aUser } from '../support/builders';
import {
  approveQboConsent,
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  openFromNav,
  setQboToggles,
  startE2eApp,
} from '../support/e2e-app';
import { aConnectedStaffClient, anInvoicedIssue, type InvoicedIssue } from '../support/invoiced-issues';

// Issue 13: a payment recorded in QuickBooks comes back by itself (webhook → inbox → stream → worker),
// so Deskbooks' own pages show it without anyone opening QuickBooks or ticking "Logged into QBO".
describeInBrowser('money comes back by itself', () => {
  let e2e: E2eApp;
  let staffApi: TestClient;
  let realmId: string;
  beforeAll(async () => {
    e2e = await startE2eApp({ events: true });
    await setQboToggles(e2e, { syncInvoice: true });
    staffApi = await aConnectedStaffClient(e2e.app);
    realmId = e2e.qbo.companies[0]?.realmId ?? '';
  });
  afterAll(() => e2e?.close());

  /** QuickBooks has sent what it had to say, and the worker is done with it. */
  const settle = async () => {
    await e2e.qbo.flushWebhooks();
    await e2e.app.events.settled();
  };
  const anInvoice = async (amount: string): Promise<InvoicedIssue> => {
    const suffix = randomUUID().slice(0, 8);
    const customer = await aUser(e2e.app, { role: 'customer', name: `Hedy Lamarr ${suffix}` });
    const invoiced = await anInvoicedIssue(e2e.app, staffApi, {
      customer,
      title: `Wi-Fi survey ${suffix}`,
      amount,
    });
    await settle();
    return invoiced;
  };
  const pay = async (invoice: InvoicedIssue, amount: number) => {
    e2e.qbo.applyPayment({ realmId, invoiceId: invoice.invoice.id, amount });
    await settle();
  };
  const invoiceRow = (page: Page, invoice: InvoicedIssue) =>
    page.getByRole('row').filter({ has: page.getByRole('link', { name: invoice.issue.title }) });

  it(
    'shows a payment recorded in QuickBooks on the issues list and the Invoices page',
    LONG_FLOW,
    async () => {
      const invoice = await anInvoice('300.00');
      const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
      await openFromNav(page, 'Issues');
      await invoiceRow(page, invoice).getByText('Unpaid', { exact: true }).waitFor();

      await pay(invoice, 100);

      await openFromNav(page, 'Invoices');
      const onInvoices = invoiceRow(page, invoice);
      await onInvoices.getByText('Partial', { exact: true }).waitFor();
      await expect
        .poll(() => onInvoices.getByRole('cell').allTextContents())
        .toEqual(expect.arrayContaining(['$300.00', '$200.00']));
      await openFromNav(page, 'Issues');
      await invoiceRow(page, invoice).getByText('Partial', { exact: true }).waitFor();

      await pay(invoice, 200);

      await page.getByLabel('Billing').selectOption({ label: 'Paid' });
      await invoiceRow(page, invoice).getByText('Paid', { exact: true }).waitFor();
      await openFromNav(page, 'Invoices');
      await page.getByLabel('Status').selectOption({ label: 'Paid' });
      const paid = invoiceRow(page, invoice);
      await paid.getByText('Paid', { exact: true }).waitFor();
      // The row showed "Paid" before the filter applied; the filtered list replaces it as it loads.
      await expect.poll(() => paid.getByRole('cell').allTextContents()).toContain('$0.00');
    },
  );

  it(
    'shows the issue’s invoices as last seen before "Logged into QBO" is ticked, then live',
    LONG_FLOW,
    async () => {
      const invoice = await anInvoice('90.00');
      await pay(invoice, 40);
      const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
      await page.goto(`/issues/${invoice.issue.id}`);
      await page.getByRole('link', { name: 'Connect to QBO First' }).click();
      await approveQboConsent(page, e2e);

      const section = page.getByRole('region', { name: 'Invoices for this issue' });
      const stored = section.getByRole('row').filter({ hasText: invoice.invoice.label });
      await stored.getByText('Partial', { exact: true }).waitFor();
      await expect.poll(() => stored.getByRole('cell').allTextContents()).toContain('$50.00');
      await section.getByText(/^as of /).waitFor();
      expect(await page.getByLabel('Logged into QBO').isChecked()).toBe(false);

      await page.getByLabel('Logged into QBO').check();

      const live = section.getByRole('row').filter({ has: page.getByRole('link', { name: 'View in QBO' }) });
      await live.getByText('Partial', { exact: true }).waitFor();
      expect(await live.textContent()).toContain('$50.00');
      expect(await section.getByText(/^as of /).count()).toBe(0);
    },
  );

  it(
    'tells an admin in Settings → QBO where Intuit sends webhooks, when one last came, and when the backstop ran',
    LONG_FLOW,
    async () => {
      await pay(await anInvoice('25.00'), 25);
      const page = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await openFromNav(page, 'Settings');

      const webhooks = page.getByRole('region', { name: 'QuickBooks webhooks' });
      const url = webhooks.getByLabel('Webhook endpoint URL');
      expect(await url.inputValue()).toBe(`${e2e.baseUrl}/api/qbo/webhooks`);
      expect(await url.getAttribute('readonly')).not.toBeNull();
      await webhooks.getByRole('button', { name: 'Copy' }).click();
      await webhooks.getByRole('button', { name: 'Copied' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        `${e2e.baseUrl}/api/qbo/webhooks`,
      );
      await webhooks.getByText(/^Last webhook received: /).waitFor();
      const company = e2e.qbo.companies[0]?.companyName ?? '';
      await webhooks.getByText(company).waitFor();
      await webhooks.getByText('Not run yet').waitFor();

      await e2e.app.backstop.runNow();
      await page.reload();

      await webhooks.getByText(/^Backstop last ran: .+ \(\d+ changes?\)$/).waitFor();
    },
  );
});
