import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { anIssue, aUser, signedInClient } from '../support/builders';
import { describeInBrowser, type E2eApp, LONG_FLOW, startE2eApp } from '../support/e2e-app';

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
});
