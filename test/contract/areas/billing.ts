import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { getSettings } from '../../../shared/settings/settings-repository';
import type { TestApp } from '../../support/app-harness';
import { aCatalogItem, logEntry, qboItemId } from '../../support/billing';
import { anIssue, aUser } from '../../support/builders';
import { connectCompany, qboApi } from '../../support/qbo-emulator';
import { setQboToggles } from '../../support/qbo-settings';
import type { ContractArea, ContractContext } from '../contract-context';

const NO_SUCH_ENTRY = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const NO_SUCH_CATALOG_ITEM = '6f1c1d2e-8a7b-4c3d-9e0f-123456789abc';
// Enough for every attempt the QuickBooks client makes before it gives up.
const EVERY_ATTEMPT = 4;

const unique = (name: string) => `${name} ${randomUUID().slice(0, 8)}`;
const realmOf = (app: TestApp) => app.qbo?.companies[0]?.realmId ?? '';

/** Runs `body` with "Sync issue to invoice" on or off, then puts the toggles and the emulator back as they were. */
const withInvoiceSync = async (app: TestApp, syncInvoice: boolean, body: () => Promise<void>) => {
  const { qbo } = await getSettings(app.runtime.table);
  await setQboToggles(app, { syncInvoice });
  try {
    await body();
  } finally {
    await setQboToggles(app, qbo);
    app.qbo?.clearFaults();
  }
};

/** A labour and a part catalogue entry, both mapped to the company's "Services" item. */
const mappedCatalog = async ({ app, as }: ContractContext) => {
  const qboItems = { [realmOf(app)]: qboItemId(app, realmOf(app)) };
  return {
    labour: await aCatalogItem(as('admin'), { name: unique('Labour'), kind: 'labour', rate: '95', qboItems }),
    part: await aCatalogItem(as('admin'), { name: unique('Part'), kind: 'part', rate: '12.50', qboItems }),
  };
};

/** A time entry's body on a labour catalogue entry; `fields` change any of it. */
const timeOn = (catalogId: string, fields: Record<string, unknown> = {}) => ({
  kind: 'time',
  catalogId,
  date: '2025-03-04',
  minutes: 60,
  description: 'Work',
  ...fields,
});

/** An issue of a customer of its own, so invoicing it syncs nobody the other areas use. */
const anIssueToBill = async (app: TestApp) => {
  const requestor = await aUser(app, { role: 'customer', enabled: true });
  return { requestor, issue: await anIssue(app, { requestorId: requestor.id }) };
};

export const billingArea: ContractArea = {
  name: 'billing',
  routes: [
    'GET /api/issues/{id}/entries',
    'POST /api/issues/{id}/entries',
    'PATCH /api/issues/{id}/entries/{entryId}',
    'DELETE /api/issues/{id}/entries/{entryId}',
    'GET /api/catalog',
    'POST /api/catalog',
    'PATCH /api/catalog/{id}',
    'POST /api/issues/{id}/invoice',
    'GET /api/issues/{id}/invoices',
    'POST /api/issues/{id}/invoices/{invoiceId}/send',
    'GET /api/issues/{id}/invoices/{invoiceId}/pdf',
    'GET /api/qbo/items',
    'POST /api/qbo/items',
    'GET /api/qbo/income-accounts',
  ],
  cases: (context) => {
    it('keeps the catalogue', async () => {
      const { app, as } = context();
      const realmId = realmOf(app);
      const labour = await as('admin').request('POST', '/api/catalog', {
        name: unique('On-site hour'),
        kind: 'labour',
        rate: '95.00',
        taxable: false,
        qboItems: { [realmId]: qboItemId(app, realmId) },
      });
      expect(labour.status).toBe(201);
      const part = await as('admin').request('POST', '/api/catalog', {
        name: unique('Toner'),
        kind: 'part',
        rate: '40',
        taxable: true,
      });
      expect(part.status).toBe(201);
      expect((await as('staff').request('GET', '/api/catalog')).status).toBe(200);
      const renamed = await as('admin').request('PATCH', `/api/catalog/${labour.body.id}`, {
        name: unique('Remote hour'),
        rate: '80',
        qboItems: { [realmId]: null },
        version: labour.body.version,
      });
      expect(renamed.status).toBe(200);
      const mapped = await as('admin').request('PATCH', `/api/catalog/${part.body.id}`, {
        kind: 'part',
        taxable: false,
        qboItems: { [realmId]: qboItemId(app, realmId) },
        version: part.body.version,
      });
      expect(mapped.status).toBe(200);
    });

    it('says what is wrong with a catalogue entry or a change', async () => {
      const { as } = context();
      const item = await aCatalogItem(as('admin'), {
        name: unique('Bench hour'),
        kind: 'labour',
        rate: '70',
      });
      expect((await as('customer').request('GET', '/api/catalog')).status).toBe(403);
      const fields = { name: item.name.toUpperCase(), kind: 'labour', rate: '70', taxable: false };
      expect((await as('staff').request('POST', '/api/catalog', fields)).status).toBe(403);
      expect((await as('admin').request('POST', '/api/catalog', fields)).status).toBe(409);
      expect((await as('admin').request('POST', '/api/catalog', { ...fields, rate: '7.999' })).status).toBe(
        400,
      );
      expect(
        (await as('admin').request('POST', '/api/catalog', { ...fields, qboItems: { x: '1' } })).status,
      ).toBe(400);
      const stale = { rate: '75', version: item.version + 1 };
      expect((await as('staff').request('PATCH', `/api/catalog/${item.id}`, stale)).status).toBe(403);
      expect((await as('admin').request('PATCH', `/api/catalog/${item.id}`, stale)).status).toBe(409);
      expect((await as('admin').request('PATCH', `/api/catalog/${item.id}`, { version: 1 })).status).toBe(
        400,
      );
      expect((await as('admin').request('PATCH', '/api/catalog/x', { rate: '1', version: 1 })).status).toBe(
        400,
      );
      expect(
        (
          await as('admin').request('PATCH', `/api/catalog/${NO_SUCH_CATALOG_ITEM}`, {
            rate: '1',
            version: 1,
          })
        ).status,
      ).toBe(404);
    });

    it("records an issue's billable work", async () => {
      const { app, as, users, sessionOf } = context();
      const { labour, part } = await mappedCatalog(context());
      const { requestor, issue } = await anIssueToBill(app);
      const time = await as('staff').request('POST', `/api/issues/${issue.id}/entries`, {
        kind: 'time',
        catalogId: labour.id,
        date: '2025-03-04',
        minutes: 90,
        description: 'Replaced the fuser',
      });
      expect(time.status).toBe(201);
      const byAnother = await as('staff').request('POST', `/api/issues/${issue.id}/entries`, {
        kind: 'time',
        catalogId: labour.id,
        date: '2025-03-05',
        minutes: 30,
        rate: '120.00',
        description: 'Second opinion',
        billable: false,
        workedBy: users.admin.id,
      });
      expect(byAnother.status).toBe(201);
      const toner = await as('staff').request('POST', `/api/issues/${issue.id}/entries`, {
        kind: 'part',
        catalogId: part.id,
        date: '2025-03-04',
        quantity: '1.5',
        unitPrice: '39.99',
        description: 'Toner',
      });
      expect(toner.status).toBe(201);
      expect((await as('staff').request('GET', `/api/issues/${issue.id}/entries`)).status).toBe(200);
      expect(
        (await (await sessionOf(requestor)).request('GET', `/api/issues/${issue.id}/entries`)).status,
      ).toBe(200);
      const changed = await as('staff').request('PATCH', `/api/issues/${issue.id}/entries/${time.body.id}`, {
        minutes: 120,
        description: 'Replaced the fuser and the rollers',
        workedBy: users.admin.id,
        version: time.body.version,
      });
      expect(changed.status).toBe(200);
      const recounted = await as('admin').request(
        'PATCH',
        `/api/issues/${issue.id}/entries/${toner.body.id}`,
        {
          quantity: '2',
          billable: false,
          version: toner.body.version,
        },
      );
      expect(recounted.status).toBe(200);
      expect(
        (await as('staff').request('DELETE', `/api/issues/${issue.id}/entries/${byAnother.body.id}`)).status,
      ).toBe(204);
    });

    it('says what is wrong with an entry, a change or an issue', async () => {
      const { app, as, anonymous } = context();
      const { labour, part } = await mappedCatalog(context());
      const { issue } = await anIssueToBill(app);
      const entries = `/api/issues/${issue.id}/entries`;
      const time = timeOn(labour.id);
      expect((await anonymous().request('GET', entries)).status).toBe(401);
      expect((await as('customer').request('GET', entries)).status).toBe(403);
      expect((await as('staff').request('GET', '/api/issues/999999/entries')).status).toBe(404);
      expect((await as('staff').request('GET', '/api/issues/x/entries')).status).toBe(400);
      expect((await as('customer').request('POST', entries, time)).status).toBe(403);
      expect((await as('staff').request('POST', entries, { ...time, kind: 'expense' })).status).toBe(400);
      expect((await as('staff').request('POST', entries, { ...time, minutes: 0 })).status).toBe(400);
      expect((await as('staff').request('POST', entries, { ...time, catalogId: part.id })).status).toBe(400);
      expect((await as('staff').request('POST', entries, { ...time, date: '2099-01-01' })).status).toBe(400);
      expect((await as('staff').request('POST', '/api/issues/999999/entries', time)).status).toBe(404);
      const entry = await logEntry(as('staff'), issue.id, time);
      const entryPath = `${entries}/${entry.id}`;
      const stale = { minutes: 45, version: entry.version + 1 };
      expect((await as('staff').request('PATCH', entryPath, stale)).status).toBe(409);
      expect((await as('staff').request('PATCH', entryPath, { quantity: '2', version: 1 })).status).toBe(400);
      expect((await as('staff').request('PATCH', entryPath, { version: 1 })).status).toBe(400);
      expect((await as('customer').request('PATCH', entryPath, { minutes: 5, version: 1 })).status).toBe(403);
      const missing = `${entries}/${NO_SUCH_ENTRY}`;
      expect((await as('staff').request('PATCH', missing, { minutes: 5, version: 1 })).status).toBe(404);
      expect((await as('staff').request('PATCH', `${entries}/not-an-entry`, { version: 1 })).status).toBe(
        400,
      );
      expect((await as('staff').request('DELETE', missing)).status).toBe(404);
      expect((await as('customer').request('DELETE', entryPath)).status).toBe(403);
    });

    it('invoices an issue, lists its invoices, sends one and hands over its PDF', async () => {
      const { app, as } = context();
      await withInvoiceSync(app, true, async () => {
        const { labour, part } = await mappedCatalog(context());
        const { issue } = await anIssueToBill(app);
        await logEntry(as('staff'), issue.id, timeOn(labour.id, { description: 'Diagnosis' }));
        const created = await as('staff').request('POST', `/api/issues/${issue.id}/invoice`);
        expect(created.status).toBe(200);
        const toner = await logEntry(as('staff'), issue.id, {
          kind: 'part',
          catalogId: part.id,
          date: '2025-03-05',
          quantity: '1',
          description: 'Toner',
        });
        expect((await as('staff').request('GET', `/api/issues/${issue.id}/entries`)).status).toBe(200);
        const updated = await as('admin').request('POST', `/api/issues/${issue.id}/invoice`);
        expect(updated.status).toBe(200);
        const invoiceId = created.body.invoice.id as string;
        const invoice = `/api/issues/${issue.id}/invoices/${invoiceId}`;
        expect((await as('staff').request('POST', `${invoice}/send`)).status).toBe(200);
        const pdf = await as('staff').request('GET', `${invoice}/pdf`);
        expect(pdf.status).toBe(200);
        expect(pdf.headers.get('content-type')).toBe('application/pdf');

        // Paid in QuickBooks: the listing records it, its entries lock, and new work goes on a new invoice.
        app.qbo?.applyPayment({
          realmId: realmOf(app),
          invoiceId,
          amount: Number(updated.body.invoice.total),
        });
        expect((await as('staff').request('GET', `/api/issues/${issue.id}/invoices`)).status).toBe(200);
        expect((await as('staff').request('GET', `/api/issues/${issue.id}/entries`)).status).toBe(200);
        const locked = `/api/issues/${issue.id}/entries/${toner.id}`;
        expect(
          (await as('staff').request('PATCH', locked, { quantity: '3', version: toner.version })).status,
        ).toBe(409);
        expect((await as('staff').request('DELETE', locked)).status).toBe(409);
        const followUp = { date: '2025-03-06', minutes: 15, description: 'Follow-up call' };
        await logEntry(as('staff'), issue.id, timeOn(labour.id, followUp));
        const followsPaid = await as('staff').request('POST', `/api/issues/${issue.id}/invoice`);
        expect(followsPaid.status).toBe(200);
        expect(followsPaid.body.outcome).toBe('followsPaid');
        expect((await as('staff').request('GET', `/api/issues/${issue.id}/invoices`)).status).toBe(200);
      });
    });

    it('lists an invoice voided in QuickBooks, recreates it, and notes one deleted there', async () => {
      const { app, as } = context();
      const emulator = app.qbo ?? (undefined as never);
      const qbo = qboApi(emulator, await connectCompany(emulator, realmOf(app)));
      const inQbo = async (invoiceId: string) => (await qbo.get(`invoice/${invoiceId}`)).body.Invoice;
      await withInvoiceSync(app, true, async () => {
        const { labour } = await mappedCatalog(context());
        const invoiced = async () => {
          const { issue } = await anIssueToBill(app);
          await logEntry(as('staff'), issue.id, timeOn(labour.id));
          const created = await as('staff').request('POST', `/api/issues/${issue.id}/invoice`);
          return { issue, invoice: await inQbo(created.body.invoice.id) };
        };
        const voided = await invoiced();
        await qbo.post('invoice?operation=void', {
          Id: voided.invoice.Id,
          SyncToken: voided.invoice.SyncToken,
        });
        expect((await as('staff').request('GET', `/api/issues/${voided.issue.id}/invoices`)).status).toBe(
          200,
        );
        expect((await as('staff').request('GET', `/api/issues/${voided.issue.id}/entries`)).status).toBe(200);
        const recreated = await as('staff').request('POST', `/api/issues/${voided.issue.id}/invoice`);
        expect(recreated.body.outcome).toBe('recreated');

        const deleted = await invoiced();
        await qbo.post('invoice?operation=delete', {
          Id: deleted.invoice.Id,
          SyncToken: deleted.invoice.SyncToken,
        });
        const listed = await as('staff').request('GET', `/api/issues/${deleted.issue.id}/invoices`);
        expect(listed.status).toBe(200);
        expect(listed.body.notes).toHaveLength(1);
      });
    });

    it('says why an invoice cannot be made, listed, sent or printed', async () => {
      const { app, as, anonymous } = context();
      const { labour } = await mappedCatalog(context());
      const { issue } = await anIssueToBill(app);
      await logEntry(as('staff'), issue.id, timeOn(labour.id));
      const invoiceOf = `/api/issues/${issue.id}/invoice`;
      const invoicesOf = `/api/issues/${issue.id}/invoices`;
      await withInvoiceSync(app, false, async () => {
        expect((await as('staff').request('POST', invoiceOf)).status).toBe(403);
        expect((await as('staff').request('GET', invoicesOf)).status).toBe(403);
      });
      await withInvoiceSync(app, true, async () => {
        expect((await anonymous().request('POST', invoiceOf)).status).toBe(401);
        expect((await as('customer').request('POST', invoiceOf)).status).toBe(403);
        expect((await as('staff').request('POST', '/api/issues/999999/invoice')).status).toBe(404);
        const { issue: unbilled } = await anIssueToBill(app);
        expect((await as('staff').request('POST', `/api/issues/${unbilled.id}/invoice`)).status).toBe(409);
        const notConnected = await context().sessionOf(await aUser(app, { role: 'staff' }));
        expect((await notConnected.request('POST', invoiceOf)).status).toBe(409);
        expect((await notConnected.request('GET', invoicesOf)).status).toBe(409);

        app.qbo?.injectFault({ method: 'POST', path: '/v3/company/', status: 400, code: '6000', times: 1 });
        expect((await as('staff').request('POST', invoiceOf)).status).toBe(502);
        const created = await as('staff').request('POST', invoiceOf);
        expect(created.status).toBe(200);
        const invoice = `${invoicesOf}/${created.body.invoice.id}`;
        app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 503, times: EVERY_ATTEMPT });
        expect((await as('staff').request('POST', invoiceOf)).status).toBe(503);

        expect((await as('customer').request('GET', invoicesOf)).status).toBe(403);
        expect((await as('staff').request('GET', '/api/issues/999999/invoices')).status).toBe(404);
        app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 400, code: '4000', times: 1 });
        expect((await as('staff').request('GET', invoicesOf)).status).toBe(502);

        expect((await as('staff').request('POST', `${invoicesOf}/999999/send`)).status).toBe(404);
        expect((await as('staff').request('POST', `${invoicesOf}/x/send`)).status).toBe(400);
        expect((await as('customer').request('POST', `${invoice}/send`)).status).toBe(403);
        // On send, a missing required parameter is the billing email.
        app.qbo?.injectFault({
          method: 'POST',
          path: '^/v3/company/[^/]+/invoice/[^/]+/send',
          status: 400,
          code: '2020',
          times: 1,
        });
        expect((await as('staff').request('POST', `${invoice}/send`)).status).toBe(409);
        app.qbo?.injectFault({ method: 'POST', path: '/v3/company/', status: 400, code: '6000', times: 1 });
        expect((await as('staff').request('POST', `${invoice}/send`)).status).toBe(502);

        expect((await as('staff').request('GET', `${invoicesOf}/999999/pdf`)).status).toBe(404);
        expect((await as('staff').request('GET', `${invoicesOf}/x/pdf`)).status).toBe(400);
        expect((await notConnected.request('GET', `${invoice}/pdf`)).status).toBe(409);
        app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 503, times: EVERY_ATTEMPT });
        expect((await as('staff').request('GET', `${invoice}/pdf`)).status).toBe(503);
        app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 400, code: '4000', times: 1 });
        expect((await as('staff').request('GET', `${invoice}/pdf`)).status).toBe(502);
      });
    });

    it("lists the company's items and income accounts and creates an item", async () => {
      const { as } = context();
      expect((await as('staff').request('GET', '/api/qbo/items')).status).toBe(200);
      const accounts = await as('staff').request('GET', '/api/qbo/income-accounts');
      expect(accounts.status).toBe(200);
      const incomeAccountId = accounts.body.items[0].id as string;
      const service = await as('admin').request('POST', '/api/qbo/items', {
        name: unique('Network audit'),
        type: 'Service',
        incomeAccountId,
        description: 'A walk through the office network',
        unitPrice: '250',
      });
      expect(service.status).toBe(201);
      const cable = await as('admin').request('POST', '/api/qbo/items', {
        name: unique('Patch cable'),
        type: 'NonInventory',
        incomeAccountId,
      });
      expect(cable.status).toBe(201);
      expect((await as('staff').request('GET', '/api/qbo/items')).status).toBe(200);
    });

    it('says why QuickBooks items cannot be listed or created', async () => {
      const { app, as, anonymous, sessionOf } = context();
      const notConnected = await sessionOf(await aUser(app, { role: 'admin' }));
      expect((await anonymous().request('GET', '/api/qbo/items')).status).toBe(401);
      expect((await as('customer').request('GET', '/api/qbo/items')).status).toBe(403);
      expect((await notConnected.request('GET', '/api/qbo/items')).status).toBe(409);
      expect((await as('customer').request('GET', '/api/qbo/income-accounts')).status).toBe(403);
      expect((await notConnected.request('GET', '/api/qbo/income-accounts')).status).toBe(409);
      try {
        app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 429, times: EVERY_ATTEMPT });
        expect((await as('staff').request('GET', '/api/qbo/items')).status).toBe(429);
        app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 503, times: EVERY_ATTEMPT });
        expect((await as('staff').request('GET', '/api/qbo/income-accounts')).status).toBe(503);
        app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 400, code: '4000', times: 1 });
        expect((await as('staff').request('GET', '/api/qbo/items')).status).toBe(502);
      } finally {
        app.qbo?.clearFaults();
      }
      const accounts = await as('staff').request('GET', '/api/qbo/income-accounts');
      const item = {
        name: unique('Site visit'),
        type: 'Service',
        incomeAccountId: accounts.body.items[0].id,
      };
      expect((await as('admin').request('POST', '/api/qbo/items', item)).status).toBe(201);
      expect((await as('staff').request('POST', '/api/qbo/items', item)).status).toBe(403);
      // QuickBooks compares names ignoring case; the same name again would replay the first answer.
      const clash = { ...item, name: item.name.toUpperCase() };
      expect((await as('admin').request('POST', '/api/qbo/items', clash)).status).toBe(409);
      expect((await as('admin').request('POST', '/api/qbo/items', { ...item, name: 'A: B' })).status).toBe(
        400,
      );
      expect(
        (await as('admin').request('POST', '/api/qbo/items', { ...item, type: 'Inventory' })).status,
      ).toBe(400);
      expect(
        (
          await as('admin').request('POST', '/api/qbo/items', {
            ...item,
            name: unique('Other'),
            incomeAccountId: '999999',
          })
        ).status,
      ).toBe(400);
      expect((await notConnected.request('POST', '/api/qbo/items', item)).status).toBe(409);
    });
  },
};
