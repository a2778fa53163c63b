import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aCatalogItem, qboItemId } from '../support/billing';
import { anIssue, aUser, signedInClient } from '../support/builders';
import {
  approveQboConsent,
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  setQboToggles,
  startE2eApp,
} from '../support/e2e-app';

describeInBrowser('Issue page: Billable work', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  it(
    'a technician logs time twice and adds a part; totals add up; the customer sees them read-only',
    LONG_FLOW,
    async () => {
      const suffix = randomUUID().slice(0, 6);
      const admin = await signedInClient(e2e.app, await aUser(e2e.app, { role: 'admin' }));
      const add = (body: Record<string, unknown>) => admin.request('POST', '/api/catalog', body);
      await add({ name: `Remote support ${suffix}`, kind: 'labour', rate: '95.00', taxable: false });
      await add({ name: `Toner ${suffix}`, kind: 'part', rate: '12.99', taxable: true });
      const password = 'customer-pass-1';
      const customer = await aUser(e2e.app, { role: 'customer', enabled: true, password });
      const issue = await anIssue(e2e.app, { requestorId: customer.id, title: `Printer jam ${suffix}` });

      const technician = await aUser(e2e.app, { role: 'staff', name: `Sam Tech ${suffix}` });
      const colleague = await aUser(e2e.app, { role: 'staff', name: `Jordan Tech ${suffix}` });
      const page = await e2e.signIn(technician);
      await page.goto(`/issues/${issue.id}`);
      const work = page.getByRole('region', { name: 'Billable work' });
      await work.getByText('No time or parts logged yet.').waitFor();

      // "Who" offers staff and admins, the signed-in technician first chosen; customers are not workers
      const who = work.locator('form.billable-log-time').getByLabel('Who');
      expect(await who.locator('option:checked').textContent()).toBe(technician.name);
      const workers = await who.locator('option').allTextContents();
      expect(workers).toEqual(
        expect.arrayContaining([colleague.name, expect.stringMatching(/^Test admin /)]),
      );
      expect(workers).not.toContain(customer.name);

      const logTime = async (duration: string, description: string, worker?: string) => {
        const form = work.locator('form.billable-log-time');
        await form.getByLabel('Labour').selectOption({ label: `Remote support ${suffix} ($95.00)` });
        if (worker) await form.getByLabel('Who').selectOption({ label: worker });
        await form.getByLabel('Duration').fill(duration);
        await form.getByLabel('What was done').fill(description);
        await form.getByRole('button', { name: 'Log time' }).click();
        await work.getByRole('row').filter({ hasText: description }).waitFor();
      };
      await logTime('1:30', 'Cleared the paper path');
      await logTime('20 min', 'Follow-up call', colleague.name);

      const part = work.locator('form.billable-add-part');
      await part.getByLabel('Part').selectOption({ label: `Toner ${suffix} ($12.99)` });
      await part.getByLabel('Quantity').fill('1.5');
      await part.getByLabel('Description').fill('Toner cartridge');
      await part.getByRole('button', { name: 'Add part' }).click();
      await work.getByRole('row').filter({ hasText: 'Toner cartridge' }).waitFor();

      const row = (text: string) => work.getByRole('row').filter({ hasText: text });
      expect(await row('Cleared the paper path').textContent()).toMatch(
        new RegExp(`${technician.name}1:30.*\\$95\\.00.*\\$142\\.50`),
      );
      expect(await row('Follow-up call').textContent()).toMatch(
        new RegExp(`${colleague.name}0:20.*\\$31\\.35`),
      );
      expect(await row('Toner cartridge').textContent()).toMatch(/1\.50.*\$12\.99.*\$19\.49/);
      const totals = work.getByRole('definition');
      await expect.poll(() => totals.first().textContent()).toBe('$193.34');
      expect(await totals.nth(2).textContent()).toBe('$193.34');

      // A typo in the duration is caught before anything is sent
      const form = work.locator('form.billable-log-time');
      await form.getByLabel('Duration').fill('soon');
      await form.getByLabel('What was done').fill('Never saved');
      await form.getByRole('button', { name: 'Log time' }).click();
      await form.getByText('Enter a duration like 1:30, 1.5 h or 90 min').waitFor();
      expect(await row('Never saved').count()).toBe(0);

      // Editing a row: 1:30 becomes 2:00, so 142.50 becomes 190.00, and it was the colleague's work
      await row('Cleared the paper path')
        .getByRole('button', { name: 'Edit: Cleared the paper path' })
        .click();
      const edit = work.locator('form.billable-edit');
      expect(await edit.getByLabel('Who').locator('option:checked').textContent()).toBe(technician.name);
      await edit.getByLabel('Duration').fill('2h');
      await edit.getByLabel('Who').selectOption({ label: colleague.name });
      await edit.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => totals.first().textContent()).toBe('$240.84');
      expect(await row('Cleared the paper path').textContent()).toMatch(
        new RegExp(`${colleague.name}2:00.*\\$190\\.00`),
      );

      // Deleting a row (after confirming) takes it out of the totals
      page.once('dialog', (dialog) => dialog.accept());
      await row('Follow-up call').getByRole('button', { name: 'Delete: Follow-up call' }).click();
      await expect.poll(() => totals.first().textContent()).toBe('$209.49');
      expect(await row('Follow-up call').count()).toBe(0);

      const customerPage = await e2e.signIn(customer, password);
      await customerPage.goto(`/issues/${issue.id}`);
      const seen = customerPage.getByRole('region', { name: 'Billable work' });
      await seen.getByRole('row').filter({ hasText: 'Toner cartridge' }).waitFor();
      expect(await seen.getByRole('button', { name: /Delete/ }).count()).toBe(0);
      expect(await seen.locator('form').count()).toBe(0);
    },
  );

  it(
    'invoiced work says on which invoice; a change marks it out of date until "Update invoice"; a paid invoice locks its work and new work goes on a new one',
    LONG_FLOW,
    async () => {
      await setQboToggles(e2e, { syncUser: true, syncInvoice: true });
      const suffix = randomUUID().slice(0, 6);
      const realmId = e2e.qbo.companies[0]?.realmId ?? '';
      const admin = await signedInClient(e2e.app, await aUser(e2e.app, { role: 'admin' }));
      await aCatalogItem(admin, {
        name: `Bench work ${suffix}`,
        kind: 'labour',
        rate: '100.00',
        qboItems: { [realmId]: qboItemId(e2e.app, realmId) },
      });
      const customer = await aUser(e2e.app, { role: 'customer' });
      const issue = await anIssue(e2e.app, { requestorId: customer.id, title: `Laptop fan ${suffix}` });
      const staff = await aUser(e2e.app, { role: 'staff' });
      const page = await e2e.signIn(staff);
      await page.goto(`/issues/${issue.id}`);
      await page.getByRole('link', { name: 'Connect to QBO First' }).click();
      await approveQboConsent(page, e2e);
      await page.getByLabel('Logged into QBO').check();

      const work = page.getByRole('region', { name: 'Billable work' });
      const row = (text: string) => work.getByRole('row').filter({ hasText: text });
      const logTime = async (duration: string, description: string) => {
        const form = work.locator('form.billable-log-time');
        await form.getByLabel('Duration').fill(duration);
        await form.getByLabel('What was done').fill(description);
        await form.getByRole('button', { name: 'Log time' }).click();
        await row(description).waitFor();
      };
      const qbo = page.getByRole('region', { name: 'QuickBooks' });
      const outOfDate = (where: typeof qbo) => where.getByText('Invoice out of date');
      const invoiceRows = page.getByRole('region', { name: 'Invoices for this issue' }).getByRole('row');

      // Invoicing the work: the entry says where it went, and the button becomes "Update invoice"
      await logTime('1:00', 'Replaced the fan');
      await qbo.getByRole('button', { name: 'Create invoice' }).click();
      await invoiceRows.filter({ hasText: 'Unpaid' }).waitFor();
      const first = ((await invoiceRows.nth(1).locator('td').first().textContent()) ?? '').trim();
      await row('Replaced the fan').getByText(`Invoiced on ${first}`).waitFor();
      await qbo.getByRole('button', { name: 'Update invoice' }).waitFor();
      expect(await outOfDate(qbo).count()).toBe(0);

      // A change after invoicing: out of date on the entry and beside "Update invoice", until it is pressed
      await row('Replaced the fan').getByRole('button', { name: 'Edit: Replaced the fan' }).click();
      await work.locator('form.billable-edit').getByLabel('Duration').fill('1:30');
      await work.locator('form.billable-edit').getByRole('button', { name: 'Save' }).click();
      await outOfDate(row('Replaced the fan')).waitFor();
      await outOfDate(qbo).waitFor();
      await qbo.getByRole('button', { name: 'Update invoice' }).click();
      await qbo.getByText('Updated the invoice in QuickBooks.').waitFor();
      await outOfDate(row('Replaced the fan')).waitFor({ state: 'detached' });
      await outOfDate(qbo).waitFor({ state: 'detached' });
      const invoice = e2e.qbo.entities(realmId, 'Invoice').find((entity) => entity.DocNumber === first);
      expect(invoice?.TotalAmt).toBe(150);

      // Paid in QuickBooks while this page was open: deleting the entry is refused with the server's reason,
      // the entry locks, and with no new work there is no invoice to write
      e2e.qbo.applyPayment({ realmId, invoiceId: String(invoice?.Id), amount: 150 });
      const api = await signedInClient(e2e.app, staff);
      expect((await api.request('GET', `/api/issues/${issue.id}/invoices`)).status).toBe(200);
      page.once('dialog', (dialog) => dialog.accept());
      await row('Replaced the fan').getByRole('button', { name: 'Delete: Replaced the fan' }).click();
      const locked = `On paid invoice ${first}: it can no longer change. Log new work as a new entry.`;
      await work.getByRole('alert').getByText(locked).waitFor();
      await row('Replaced the fan').getByText(locked).waitFor();
      expect(await row('Replaced the fan').getByRole('button').count()).toBe(0);
      await qbo
        .getByText(`Invoice ${first} is paid and all billable work is on a paid invoice.`, { exact: false })
        .waitFor();
      expect(await qbo.getByRole('button', { name: /invoice$/ }).count()).toBe(0);

      // New work goes on a new invoice: "Create invoice" is back
      await logTime('0:30', 'Checked the thermals');
      await qbo.getByRole('button', { name: 'Create invoice' }).click();
      await qbo.getByText('The previous invoice is paid, so the new work is on a new invoice.').waitFor();
      // The header, the paid invoice and the new one
      await expect.poll(() => invoiceRows.count()).toBe(3);
      await invoiceRows.nth(1).getByText('Paid', { exact: true }).waitFor();
      const second = ((await invoiceRows.nth(2).locator('td').first().textContent()) ?? '').trim();
      expect(second).not.toBe(first);
      await row('Checked the thermals').getByText(`Invoiced on ${second}`).waitFor();
      await row('Replaced the fan').getByText(locked).waitFor();
      await qbo.getByRole('button', { name: 'Update invoice' }).waitFor();

      // Someone else changed the entry meanwhile: saving says so, in the server's words
      await row('Checked the thermals').getByRole('button', { name: 'Edit: Checked the thermals' }).click();
      const entries = (await api.request('GET', `/api/issues/${issue.id}/entries`)).body.items;
      const thermals = entries.find(
        (entry: { description: string }) => entry.description === 'Checked the thermals',
      );
      await api.request('PATCH', `/api/issues/${issue.id}/entries/${thermals.id}`, {
        description: 'Checked the thermals and fan curve',
        version: thermals.version,
      });
      await work.locator('form.billable-edit').getByLabel('Duration').fill('0:45');
      await work.locator('form.billable-edit').getByRole('button', { name: 'Save' }).click();
      await work.getByText('This billable entry was changed by someone else; reload and try again').waitFor();
      await row('Checked the thermals and fan curve').waitFor();

      // Paid in QuickBooks again: listing the invoices anew is enough for both sections to show it
      const paid = e2e.qbo.entities(realmId, 'Invoice').find((entity) => entity.DocNumber === second);
      e2e.qbo.applyPayment({ realmId, invoiceId: String(paid?.Id), amount: Number(paid?.TotalAmt) });
      await page.getByLabel('Logged into QBO').uncheck();
      await page.getByLabel('Logged into QBO').check();
      await qbo.getByText(`Invoice ${second} is paid`, { exact: false }).waitFor();
      await row('Checked the thermals and fan curve').getByText(`On paid invoice ${second}:`).waitFor();
      expect(await work.getByRole('button', { name: /^(Edit|Delete): / }).count()).toBe(0);
    },
  );
});
