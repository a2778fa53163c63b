import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aCatalogItem } from '../support/billing';
import { anIssue, aUser, signedInClient } from '../support/builders';
import {
  approveQboConsent,
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  openFromNav,
  setQboToggles,
  startE2eApp,
} from '../support/e2e-app';

describeInBrowser('Billing the work: logged time and parts become the QuickBooks invoice', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  /** An admin maps labour to QuickBooks' "Services" and creates the part's own item in QuickBooks. */
  const mapTheCatalogue = async (page: Page, labour: string, part: string) => {
    await openFromNav(page, 'Settings');
    await page.getByRole('link', { name: 'Connect to QuickBooks' }).click();
    await approveQboConsent(page, e2e);
    await openFromNav(page, 'Settings');
    const billing = page.getByRole('region', { name: 'Billing' });

    const mapped = page.waitForResponse((response) => response.request().method() === 'PATCH');
    await billing
      .getByRole('row')
      .filter({ hasText: labour })
      .getByLabel(`QuickBooks product or service: ${labour}`)
      .selectOption({ label: 'Services' });
    expect((await mapped).status()).toBe(200);

    const partRow = billing.getByRole('row').filter({ hasText: part });
    await partRow.getByRole('button', { name: 'Create in QuickBooks' }).click();
    await partRow.locator('form').getByRole('button', { name: 'Create in QuickBooks' }).click();
    const partSelect = partRow.getByLabel(`QuickBooks product or service: ${part}`);
    await expect
      .poll(async () => (await partSelect.locator('option:checked').textContent()) ?? '')
      .toBe(part);
  };

  /** A staff member logs time twice and adds a part under "Billable work". */
  const logTheWork = async (work: Locator, labour: string, part: string) => {
    const logTime = async (duration: string, description: string) => {
      const form = work.locator('form.billable-log-time');
      await form.getByLabel('Labour').selectOption({ label: `${labour} ($95.00)` });
      await form.getByLabel('Duration').fill(duration);
      await form.getByLabel('What was done').fill(description);
      await form.getByRole('button', { name: 'Log time' }).click();
      await work.getByRole('row').filter({ hasText: description }).waitFor();
    };
    await logTime('1:30', 'Cleared the paper path');
    await logTime('20 min', 'Follow-up call');
    const form = work.locator('form.billable-add-part');
    await form.getByLabel('Part').selectOption({ label: `${part} ($12.99)` });
    await form.getByLabel('Quantity').fill('1.5');
    await form.getByLabel('Description').fill('Toner cartridge');
    await form.getByRole('button', { name: 'Add part' }).click();
    await work.getByRole('row').filter({ hasText: 'Toner cartridge' }).waitFor();
  };

  it(
    'a staff member logs time and a part, creates the invoice, sees its lines in QuickBooks, sends it and downloads the PDF',
    LONG_FLOW,
    async () => {
      await setQboToggles(e2e, { syncUser: true, syncInvoice: true });
      const suffix = randomUUID().slice(0, 6);
      const labour = `Remote support ${suffix}`;
      const part = `Toner ${suffix}`;
      const admin = await aUser(e2e.app, { role: 'admin' });
      const adminApi = await signedInClient(e2e.app, admin);
      await aCatalogItem(adminApi, { name: labour, kind: 'labour', rate: '95.00' });
      await aCatalogItem(adminApi, { name: part, kind: 'part', rate: '12.99', taxable: true });
      const customer = await aUser(e2e.app, { role: 'customer' });
      const issue = await anIssue(e2e.app, {
        requestorId: customer.id,
        title: `Printer jam ${suffix}`,
        billingEmail: `ap-${suffix}@example.com`,
      });
      await mapTheCatalogue(await e2e.signIn(admin), labour, part);

      const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
      await page.goto(`/issues/${issue.id}`);
      await page.getByRole('link', { name: 'Connect to QBO First' }).click();
      await approveQboConsent(page, e2e);
      await logTheWork(page.getByRole('region', { name: 'Billable work' }), labour, part);

      await page.getByLabel('Logged into QBO').check();
      await page.getByRole('button', { name: 'Create invoice' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Unpaid' });
      await row.waitFor();
      expect(await row.textContent()).toContain('$193.34');

      // QuickBooks has the three lines: what was done, how much, and at what price
      const viewInvoice = row.getByRole('link', { name: 'View in QBO' });
      const [quickBooks] = await Promise.all([page.context().waitForEvent('page'), viewInvoice.click()]);
      await quickBooks.getByRole('heading', { level: 1, name: /^Invoice no\./ }).waitFor();
      const line = (description: string) => quickBooks.getByRole('row').filter({ hasText: description });
      expect(await line('Cleared the paper path').textContent()).toMatch(/1\.5\$95\.00\$142\.50NON$/);
      expect(await line('Follow-up call').textContent()).toMatch(/0\.33\$95\.00\$31\.35NON$/);
      expect(await line('Toner cartridge').textContent()).toMatch(/1\.5\$12\.99\$19\.49TAX$/);
      expect(await quickBooks.getByRole('row').count()).toBe(4); // the header and the three lines
      await quickBooks.getByText('Total: $193.34').waitFor();
      await quickBooks.close();

      // Back in Deskbooks: send it (after confirming), then it says when it was sent
      await page.bringToFront();
      let asked = '';
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        return dialog.accept();
      });
      await row.getByRole('button', { name: /^Send: / }).click();
      await row.getByText(/^Sent /).waitFor();
      expect(asked).toMatch(/^Have QuickBooks email .* to the billing email\?$/);
      const realmId = e2e.qbo.companies[0]?.realmId ?? '';
      expect(e2e.qbo.sentEmails(realmId).map((mail) => mail.to)).toContain(`ap-${suffix}@example.com`);

      // The PDF QuickBooks made of it names the same lines
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('link', { name: 'PDF' }).click(),
      ]);
      const pdf = (await readFile(await download.path())).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      for (const text of ['(Cleared the paper path)', '(Follow-up call)', '(Toner cartridge)', '($193.34)'])
        expect(pdf).toContain(text);
    },
  );
});
