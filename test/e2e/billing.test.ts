import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aUser } from '../support/builders';
import {
  approveQboConsent,
  describeInBrowser,
  type E2eApp,
  LONG_FLOW,
  openFromNav,
  startE2eApp,
} from '../support/e2e-app';

describeInBrowser('Settings → Billing: the catalogue and its QuickBooks items', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  it(
    'an admin adds labour and a part, maps one to an existing item and creates the other in QuickBooks',
    LONG_FLOW,
    async () => {
      const suffix = randomUUID().slice(0, 6);
      const labour = `Remote support ${suffix}`;
      const part = `Toner ${suffix}`;
      const page = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));
      await openFromNav(page, 'Settings');
      await page.getByRole('link', { name: 'Connect to QuickBooks' }).click();
      await approveQboConsent(page, e2e);
      await openFromNav(page, 'Settings');
      const billing = page.getByRole('region', { name: 'Billing' });

      const add = async (name: string, kind: 'Labour' | 'Part', rate: string, taxable: boolean) => {
        const form = billing.locator('form.billing-add');
        await form.getByLabel('Name').fill(name);
        await form.getByLabel('Kind').selectOption({ label: kind });
        await form.getByLabel('Rate or unit price').fill(rate);
        if (taxable) await form.getByLabel('Taxable').check();
        await form.getByRole('button', { name: 'Add to catalogue' }).click();
        await billing.getByRole('row').filter({ hasText: name }).waitFor();
      };
      await add(labour, 'Labour', '95', false);
      await add(part, 'Part', '12.99', true);

      const labourRow = billing.getByRole('row').filter({ hasText: labour });
      expect(await labourRow.textContent()).toContain('$95.00');
      const mapped = page.waitForResponse((response) => response.request().method() === 'PATCH');
      await labourRow
        .getByLabel(`QuickBooks product or service: ${labour}`)
        .selectOption({ label: 'Services' });
      expect((await mapped).status()).toBe(200);

      const partRow = billing.getByRole('row').filter({ hasText: part });
      await partRow.getByRole('button', { name: 'Create in QuickBooks' }).click();
      expect(await partRow.getByLabel('Name in QuickBooks').inputValue()).toBe(part);
      expect(await partRow.getByLabel('Type').inputValue()).toBe('NonInventory');
      await partRow.locator('form').getByRole('button', { name: 'Create in QuickBooks' }).click();
      const partSelect = partRow.getByLabel(`QuickBooks product or service: ${part}`);
      await expect
        .poll(async () => (await partSelect.locator('option:checked').textContent()) ?? '')
        .toBe(part);

      // Both mappings hold after a reload, and QuickBooks has the new item on an income account
      await page.reload();
      const labourSelect = page.getByLabel(`QuickBooks product or service: ${labour}`);
      expect(await labourSelect.locator('option:checked').textContent()).toBe('Services');
      expect(
        await page
          .getByLabel(`QuickBooks product or service: ${part}`)
          .locator('option:checked')
          .textContent(),
      ).toBe(part);
      const realm = e2e.qbo.companies[0]?.realmId ?? '';
      const created = e2e.qbo.entities(realm, 'Item').find((item) => item.Name === part);
      expect(created).toMatchObject({ Type: 'NonInventory', UnitPrice: 12.99 });
      expect(created?.IncomeAccountRef).toBeDefined();
    },
  );
});
