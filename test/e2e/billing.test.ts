import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aUser, signedInClient } from '../support/builders';
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

  it(
    'an admin edits an entry in place, hears why a clash or a stale edit was refused, and saves a suggested item',
    LONG_FLOW,
    async () => {
      const suffix = randomUUID().slice(0, 6);
      const admin = await aUser(e2e.app, { role: 'admin' });
      const api = await signedInClient(e2e.app, admin);
      const add = async (body: Record<string, unknown>) =>
        (await api.request('POST', '/api/catalog', { kind: 'labour', taxable: false, ...body })).body;
      await add({ name: `On-site visit ${suffix}`, rate: '120.00' });
      const remote = await add({ name: `Remote ${suffix}`, rate: '80.00' });
      // Named like the emulator's own "Services" item, in another case
      await add({ name: 'SERVICES', rate: '60.00' });
      const page = await e2e.signIn(admin);
      await openFromNav(page, 'Settings');
      await page.getByRole('link', { name: 'Connect to QuickBooks' }).click();
      await approveQboConsent(page, e2e);
      await openFromNav(page, 'Settings');
      const billing = page.getByRole('region', { name: 'Billing' });
      const row = (name: string) => billing.getByRole('row').filter({ hasText: name });
      const form = billing.locator('form.billing-edit');

      // Renaming onto another entry's name: the server's reason, at the name
      await row(`Remote ${suffix}`)
        .getByRole('button', { name: `Edit: Remote ${suffix}` })
        .click();
      await form.getByLabel('Name').fill(`on-site VISIT ${suffix}`);
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByText(/already has an entry named/).waitFor();

      // Someone else saved the entry meanwhile: the server's reason; saving again goes on from theirs
      await api.request('PATCH', `/api/catalog/${remote.id}`, { rate: '85.00', version: remote.version });
      await form.getByLabel('Name').fill(`Remote support ${suffix}`);
      await form.getByLabel('Rate or unit price').fill('90');
      await form.getByLabel('Taxable').check();
      await form.getByRole('button', { name: 'Save' }).click();
      await form
        .getByText('This catalogue entry was changed by someone else; reload and try again')
        .waitFor();
      await form.getByRole('button', { name: 'Save' }).click();
      await row(`Remote support ${suffix}`)
        .getByRole('button', { name: /^Edit: / })
        .waitFor();
      expect(await row(`Remote support ${suffix}`).textContent()).toMatch(/Labour\$90\.00Yes/);

      // The unmapped "SERVICES" entry comes with QuickBooks' "Services" chosen, not yet saved
      const services = row('SERVICES');
      const select = services.getByLabel('QuickBooks product or service: SERVICES');
      expect(await select.locator('option:checked').textContent()).toBe('Services');
      await services.getByText('Suggested: “Services”, named like this entry. Save to map it.').waitFor();
      const unsaved = (await api.request('GET', '/api/catalog')).body.items;
      expect(unsaved.find((item: { name: string }) => item.name === 'SERVICES').qboItems).toEqual({});
      const saved = page.waitForResponse((response) => response.request().method() === 'PATCH');
      await services.getByRole('button', { name: 'Save mapping: SERVICES' }).click();
      expect((await saved).status()).toBe(200);
      await services.getByText(/^Suggested: /).waitFor({ state: 'detached' });
      const realm = e2e.qbo.companies[0]?.realmId ?? '';
      const mapped = (await api.request('GET', '/api/catalog')).body.items;
      const servicesItem = e2e.qbo.entities(realm, 'Item').find((item) => item.Name === 'Services');
      expect(mapped.find((item: { name: string }) => item.name === 'SERVICES').qboItems).toEqual({
        [realm]: servicesItem?.Id,
      });
    },
  );
});
