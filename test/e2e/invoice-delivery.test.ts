import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { billAmountDirect } from '../support/billing';
import { anIssue, aUser } from '../support/builders';
import {
  approveQboConsent,
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  setQboToggles,
  startE2eApp,
} from '../support/e2e-app';

describeInBrowser('Issue page: sending an invoice and its PDF', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  it(
    'sends the invoice after a confirmation, says when, and downloads QuickBooks’ PDF',
    LONG_FLOW,
    async () => {
      await setQboToggles(e2e, { syncUser: true, syncInvoice: true });
      const suffix = randomUUID().slice(0, 6);
      const customer = await aUser(e2e.app, { role: 'customer' });
      const issue = await anIssue(e2e.app, {
        requestorId: customer.id,
        title: `Backup check ${suffix}`,
        billingEmail: `ap-${suffix}@example.com`,
      });
      const page = await e2e.signIn(await aUser(e2e.app, { role: 'staff' }));
      await page.goto(`/issues/${issue.id}`);
      await page.getByRole('link', { name: 'Connect to QBO First' }).click();
      await approveQboConsent(page, e2e);
      await billAmountDirect(e2e.app, {
        issue,
        realmId: e2e.qbo.companies[0]?.realmId ?? '',
        amount: '80.00',
        description: issue.title,
      });
      await page.getByLabel('Logged into QBO').check();
      await page.getByRole('button', { name: 'Create invoice' }).click();
      const row = page.getByRole('row').filter({ hasText: 'Unpaid' });
      await row.waitFor();

      let asked = '';
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        return dialog.accept();
      });
      await row.getByRole('button', { name: /^Send: / }).click();
      await row.getByText(/^Sent /).waitFor();
      expect(asked).toMatch(/email .* to the billing email\?/);
      const realmId = e2e.qbo.companies[0]?.realmId ?? '';
      expect(e2e.qbo.sentEmails(realmId).map((mail) => mail.to)).toContain(`ap-${suffix}@example.com`);

      const pdfLink = row.getByRole('link', { name: 'PDF' });
      const href = (await pdfLink.getAttribute('href')) ?? '';
      const pdf = await page.request.get(href);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
  );
});
