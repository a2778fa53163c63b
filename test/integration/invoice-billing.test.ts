import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultCompanies } from '../../local/qbo-emulator/companies';
import { issueInvoiceKey, issueKey } from '../../shared/keys';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import {
  aCatalogItem,
  type CatalogItemBody,
  type EntryBody,
  invoiceDyingBeforeItIsRecorded,
  logEntry,
  qboItemId,
} from '../support/billing';
import { anIssue, aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { connectCompany, type QboApi, qboApi } from '../support/qbo-emulator';
import { qboApiCalls, setBillingSettings, setQboToggles } from '../support/qbo-settings';

// Billable work becomes the invoice's lines (issue 12): one line per billable entry, or per catalogue
// entry and rate; hand-added lines survive updates; entries on a paid invoice lock.

const AST_REALM_ID = '9341450000000077';

let app: TestApp;
let staff: TestClient;
let staffUser: User;
let admin: TestClient;
let requestor: User;
let realmId: string;
let qboDirect: QboApi;
let labour: CatalogItemBody;
let seniorLabour: CatalogItemBody;
let toner: CatalogItemBody;
let tonerItemId: string;

type QboSalesLine = {
  Id: string;
  DetailType: string;
  Amount: number;
  Description: string;
  SalesItemLineDetail: {
    ItemRef: { value: string };
    Qty: number;
    UnitPrice: number;
    ServiceDate: string;
    TaxCodeRef?: { value: string };
  };
};

beforeAll(async () => {
  app = await startTestApp({
    qbo: {
      companies: [
        ...defaultCompanies(),
        { realmId: AST_REALM_ID, companyName: 'Automated Tax Co', automatedSalesTax: true },
      ],
    },
  });
  staffUser = await aUser(app, { role: 'staff', name: 'Sam Staff' });
  staff = await signedInClient(app, staffUser);
  admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  await connectQbo(app, staff);
  const company = await connectCompany(app.qbo ?? (undefined as never));
  realmId = company.realmId;
  qboDirect = qboApi(app.qbo ?? (undefined as never), company);
  requestor = await aUser(app, { role: 'customer' });
  const servicesId = qboItemId(app, realmId);
  const income = (app.qbo?.entities(realmId, 'Account') ?? []).find(
    (account) => account.AccountType === 'Income',
  );
  const item = await qboDirect.post('item', {
    Name: 'Toner cartridge',
    Type: 'NonInventory',
    IncomeAccountRef: { value: income?.Id },
  });
  tonerItemId = item.body.Item.Id;
  labour = await aCatalogItem(admin, {
    name: 'Labour',
    kind: 'labour',
    rate: '95.00',
    qboItems: { [realmId]: servicesId },
  });
  seniorLabour = await aCatalogItem(admin, {
    name: 'Senior labour',
    kind: 'labour',
    rate: '140.00',
    qboItems: { [realmId]: servicesId },
  });
  toner = await aCatalogItem(admin, {
    name: 'Toner',
    kind: 'part',
    rate: '12.99',
    taxable: true,
    qboItems: { [realmId]: tonerItemId },
  });
});
afterAll(() => app.close());
beforeEach(async () => {
  await setQboToggles(app, { syncUser: true, syncInvoice: true });
  await setBillingSettings(app, { invoiceDetail: 'entry' });
  app.qbo?.clearFaults();
});

const newIssue = async () => (await anIssue(app, { requestorId: requestor.id, title: 'Printer jam' })).id;
const time = (issueId: number, fields: Record<string, unknown> = {}) =>
  logEntry(staff, issueId, {
    kind: 'time',
    catalogId: labour.id,
    date: '2025-03-04',
    minutes: 90,
    description: 'Replaced the fuser',
    ...fields,
  });
const part = (issueId: number, fields: Record<string, unknown> = {}) =>
  logEntry(staff, issueId, {
    kind: 'part',
    catalogId: toner.id,
    date: '2025-03-05',
    quantity: '2',
    description: 'Toner',
    ...fields,
  });
const createInvoice = (issueId: number) => staff.request('POST', `/api/issues/${issueId}/invoice`);
const entriesOf = async (issueId: number) =>
  (await staff.request('GET', `/api/issues/${issueId}/entries`)).body;
const qboInvoice = async (id: string) => (await qboDirect.get(`invoice/${id}`)).body.Invoice;
const salesLines = async (id: string): Promise<QboSalesLine[]> =>
  (await qboInvoice(id)).Line.filter((line: QboSalesLine) => line.DetailType === 'SalesItemLineDetail');
const editEntry = (issueId: number, entry: EntryBody, changes: Record<string, unknown>) =>
  staff.request('PATCH', `/api/issues/${issueId}/entries/${entry.id}`, {
    ...changes,
    version: entry.version,
  });

describe('the invoice’s lines are the issue’s billable work', () => {
  it('bills 2 time entries and a part as 3 lines with their items, quantities, dates, tax codes and cents', async () => {
    const issueId = await newIssue();
    await time(issueId, { minutes: 90 });
    await time(issueId, { minutes: 20, description: 'Follow-up call', date: '2025-03-06' });
    await part(issueId, { quantity: '2' });
    await time(issueId, { minutes: 45, billable: false, description: 'Internal notes' });

    const response = await createInvoice(issueId);

    expect(response.status).toBe(200);
    expect(response.body.invoice.total).toBe('199.83');
    const listed = (await staff.request('GET', `/api/issues/${issueId}/invoices`)).body.items[0];
    expect(listed.lines).toEqual([
      {
        description: 'Replaced the fuser',
        item: 'Services',
        serviceDate: '2025-03-04',
        quantity: '1.50',
        unitPrice: '95.00',
        amount: '142.50',
      },
      {
        description: 'Follow-up call',
        item: 'Services',
        serviceDate: '2025-03-06',
        quantity: '0.33',
        unitPrice: '95.00',
        amount: '31.35',
      },
      {
        description: 'Toner',
        item: 'Toner cartridge',
        serviceDate: '2025-03-05',
        quantity: '2.00',
        unitPrice: '12.99',
        amount: '25.98',
      },
    ]);
    expect(response.body.invoice.lines).toEqual(listed.lines);
    const lines = await salesLines(response.body.invoice.id);
    expect(lines.map((line) => [line.Description, line.Amount, line.SalesItemLineDetail])).toEqual([
      [
        'Replaced the fuser',
        142.5,
        {
          ItemRef: expect.objectContaining({ value: labour.qboItems[realmId] }),
          Qty: 1.5,
          UnitPrice: 95,
          ServiceDate: '2025-03-04',
          TaxCodeRef: { value: 'NON' },
        },
      ],
      [
        'Follow-up call',
        31.35,
        expect.objectContaining({ Qty: 0.33, UnitPrice: 95, ServiceDate: '2025-03-06' }),
      ],
      [
        'Toner',
        25.98,
        {
          ItemRef: expect.objectContaining({ value: tonerItemId }),
          Qty: 2,
          UnitPrice: 12.99,
          ServiceDate: '2025-03-05',
          TaxCodeRef: { value: 'TAX' },
        },
      ],
    ]);
  });

  it('sums hours per catalogue entry and rate under "One line per catalogue entry and rate"', async () => {
    await setBillingSettings(app, { invoiceDetail: 'summary' });
    const issueId = await newIssue();
    await time(issueId, { minutes: 50, date: '2025-03-04' });
    await time(issueId, { minutes: 50, date: '2025-03-07' });
    await time(issueId, { minutes: 30, catalogId: seniorLabour.id });
    await time(issueId, { minutes: 30, rate: '120.00' });
    await part(issueId, { quantity: '1' });
    await part(issueId, { quantity: '2.5' });

    const response = await createInvoice(issueId);

    const lines = await salesLines(response.body.invoice.id);
    expect(
      lines.map((line) => [
        line.Description,
        line.SalesItemLineDetail.Qty,
        line.SalesItemLineDetail.UnitPrice,
        line.Amount,
      ]),
    ).toEqual([
      ['Labour', 1.67, 95, 158.65],
      ['Senior labour', 0.5, 140, 70],
      ['Labour', 0.5, 120, 60],
      ['Toner', 3.5, 12.99, 45.47],
    ]);
    expect(lines[0]?.SalesItemLineDetail.ServiceDate).toBe('2025-03-07');
  });

  it('makes the same number of QuickBooks calls for 1 entry as for 12', async () => {
    const calls = async (entries: number) => {
      const issueId = await newIssue();
      for (let index = 0; index < entries; index += 1) await time(issueId, { minutes: 15 + index });
      await staff.request('POST', `/api/users/${requestor.id}/qbo-sync`);
      app.qbo?.resetCallCounts();
      await createInvoice(issueId);
      const create = qboApiCalls(app);
      await time(issueId, { minutes: 5 });
      app.qbo?.resetCallCounts();
      await createInvoice(issueId);
      return { create, update: qboApiCalls(app) };
    };

    await calls(1); // The company's tax setup is read once per container: leave that read out.
    const one = await calls(1);
    const twelve = await calls(12);

    expect(twelve).toEqual(one);
    expect(one).toEqual({ create: 1, update: 2 });
  });

  it('refuses to make an invoice with nothing billable on it', async () => {
    const issueId = await newIssue();
    await time(issueId, { billable: false });

    const response = await createInvoice(issueId);

    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/no billable work/);
  });

  it('names a catalogue entry with no QuickBooks item in this company and points to Settings → Billing', async () => {
    const unmapped = await aCatalogItem(admin, { name: 'Site visit', kind: 'labour', rate: '60.00' });
    const issueId = await newIssue();
    await time(issueId);
    await time(issueId, { catalogId: unmapped.id });
    const before = app.qbo?.entities(realmId, 'Invoice').length;

    const response = await createInvoice(issueId);

    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('“Site visit”');
    expect(response.body.error.message).toContain('Settings → Billing');
    expect(response.body.error.details).toMatchObject({
      unmapped: ['Site visit'],
      settings: '/settings/billing',
    });
    expect(app.qbo?.entities(realmId, 'Invoice').length).toBe(before);
  });
});

describe('updating the invoice', () => {
  it('keeps a line someone added in QuickBooks by hand, and replaces only Deskbooks’ lines', async () => {
    const issueId = await newIssue();
    const first = await time(issueId, { minutes: 60 });
    const created = await createInvoice(issueId);
    const invoiceId = created.body.invoice.id;
    const current = await qboInvoice(invoiceId);
    await qboDirect.post('invoice', {
      Id: invoiceId,
      SyncToken: current.SyncToken,
      sparse: true,
      Line: [
        ...current.Line.filter((line: QboSalesLine) => line.DetailType === 'SalesItemLineDetail'),
        {
          DetailType: 'SalesItemLineDetail',
          Amount: 15,
          Description: 'Parking (added in QuickBooks)',
          SalesItemLineDetail: { ItemRef: { value: tonerItemId }, Qty: 1, UnitPrice: 15 },
        },
      ],
    });
    await editEntry(issueId, first, { minutes: 120 });
    await part(issueId, { quantity: '1' });

    const updated = await createInvoice(issueId);
    const again = await createInvoice(issueId);

    expect(updated.body).toMatchObject({ outcome: 'updated', invoice: { id: invoiceId } });
    expect(again.body).toMatchObject({ outcome: 'updated', invoice: { id: invoiceId, total: '217.99' } });
    const lines = await salesLines(invoiceId);
    expect(lines.map((line) => [line.Description, line.Amount])).toEqual([
      ['Parking (added in QuickBooks)', 15],
      ['Replaced the fuser', 190],
      ['Toner', 12.99],
    ]);
    // The entry's line kept its Id across updates.
    expect(lines[1]?.Id).toBe(current.Line[0].Id);
  });

  it('never bills the same work twice when an update that reached QuickBooks is retried', async () => {
    const issueId = await newIssue();
    await time(issueId, { minutes: 60 });
    const created = await createInvoice(issueId);
    await part(issueId);
    await time(issueId, { minutes: 30, description: 'Cleaned the rollers' });
    const settings = (await staff.request('GET', '/api/settings')).body;
    await expect(invoiceDyingBeforeItIsRecorded({ actor: staffUser, issueId, settings })).rejects.toThrow(
      'Lambda timed out',
    );

    const retried = await createInvoice(issueId);

    expect(retried.body).toMatchObject({ outcome: 'updated', invoice: { id: created.body.invoice.id } });
    expect((await salesLines(created.body.invoice.id)).map((line) => line.Description)).toEqual([
      'Replaced the fuser',
      'Toner',
      'Cleaned the rollers',
    ]);
    expect((await entriesOf(issueId)).invoices[0].outOfDate).toBe(false);
  });

  it('shows “Invoice out of date” after an entry changes, until the invoice is updated', async () => {
    const issueId = await newIssue();
    const entry = await time(issueId, { minutes: 60 });
    const removed = await part(issueId);
    const created = await createInvoice(issueId);
    const invoiced = await entriesOf(issueId);

    await editEntry(issueId, entry, { minutes: 75 });
    await staff.request('DELETE', `/api/issues/${issueId}/entries/${removed.id}`);
    const stale = await entriesOf(issueId);
    await createInvoice(issueId);
    const current = await entriesOf(issueId);

    const docNumber = (await qboInvoice(created.body.invoice.id)).DocNumber;
    expect(invoiced.items[0]).toMatchObject({
      invoiced: { invoiceId: created.body.invoice.id, label: docNumber },
    });
    expect(invoiced.items[0].outOfDate).toBeUndefined();
    expect(invoiced.invoices).toEqual([
      expect.objectContaining({
        realmId,
        invoiceId: created.body.invoice.id,
        outOfDate: false,
        status: 'unpaid',
      }),
    ]);
    expect(invoiced.totals).toMatchObject({ invoiced: '120.98', notInvoiced: '0.00' });
    expect(stale.items[0].outOfDate).toBe(true);
    expect(stale.invoices[0].outOfDate).toBe(true);
    expect(current.items[0].outOfDate).toBeUndefined();
    expect(current.invoices[0].outOfDate).toBe(false);
    expect((await salesLines(created.body.invoice.id)).map((line) => line.Amount)).toEqual([118.75]);
  });

  it('shows new work as out of date too', async () => {
    const issueId = await newIssue();
    await time(issueId);
    await createInvoice(issueId);

    await part(issueId);
    const entries = await entriesOf(issueId);

    expect(entries.invoices[0].outOfDate).toBe(true);
    expect(entries.items[1].invoiced).toBeUndefined();
    expect(entries.totals.notInvoiced).toBe('25.98');
  });
});

describe('an invoice made before billable work', () => {
  it('replaces the one line Deskbooks wrote then, keeping lines added by hand after it', async () => {
    const issueId = await newIssue();
    const entry = await part(issueId, { quantity: '1', unitPrice: '150.00', description: 'Printer jam' });
    await staff.request('POST', `/api/users/${requestor.id}/qbo-sync`);
    const customerId = (await staff.request('GET', `/api/users/${requestor.id}/qbo-sync`)).body.links[0]
      .customerId;
    const legacy = await qboDirect.post('invoice', {
      CustomerRef: { value: customerId },
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Amount: 150,
          Description: `#${issueId} Printer jam`,
          SalesItemLineDetail: { ItemRef: { value: labour.qboItems[realmId] }, Qty: 1, UnitPrice: 150 },
        },
        {
          DetailType: 'SalesItemLineDetail',
          Amount: 15,
          Description: 'Added by hand',
          SalesItemLineDetail: { ItemRef: { value: tonerItemId }, Qty: 1, UnitPrice: 15 },
        },
      ],
    });
    const invoiceId = legacy.body.Invoice.Id;
    // As the old version recorded it (and the migration left it): a link, a record without line ids.
    const { table } = app.runtime;
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: issueKey(issueId),
        UpdateExpression: 'SET qboInvoices = :links',
        ExpressionAttributeValues: {
          ':links': {
            [realmId]: {
              invoiceId,
              syncToken: '0',
              syncedAt: '2025-01-01T00:00:00.000Z',
              generation: 0,
              outcome: 'created',
            },
          },
        },
      }),
    );
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...issueInvoiceKey(issueId, realmId, invoiceId),
          invoiceId,
          realmId,
          createdAt: '2025-01-01T00:00:00.000Z',
          createdBy: 'u-old',
          entries: { [entry.id]: 1 },
        },
      }),
    );
    await editEntry(issueId, entry, { unitPrice: '175.00' });

    const updated = await createInvoice(issueId);

    expect(updated.body).toMatchObject({ outcome: 'updated', invoice: { id: invoiceId, total: '190.00' } });
    expect((await salesLines(invoiceId)).map((line) => [line.Description, line.Amount])).toEqual([
      ['Added by hand', 15],
      ['Printer jam', 175],
    ]);
  });
});

describe('a paid invoice', () => {
  const payInFull = async (issueId: number, invoiceId: string) => {
    const invoice = await qboInvoice(invoiceId);
    app.qbo?.applyPayment({ realmId, invoiceId, amount: invoice.Balance });
    // The issue page lists its invoices, which records what QuickBooks says of them.
    await staff.request('GET', `/api/issues/${issueId}/invoices`);
  };

  it('locks its entries, saying why', async () => {
    const issueId = await newIssue();
    const entry = await time(issueId);
    const created = await createInvoice(issueId);
    await payInFull(issueId, created.body.invoice.id);

    const edit = await editEntry(issueId, entry, { minutes: 30 });
    const remove = await staff.request('DELETE', `/api/issues/${issueId}/entries/${entry.id}`);
    const entries = await entriesOf(issueId);

    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toMatch(/^On paid invoice .+: it can no longer change/);
    expect(remove.status).toBe(409);
    expect(entries.items[0].lockedReason).toBe(edit.body.error.message);
    expect(entries.items[0].minutes).toBe(90);
    expect(entries.invoices[0]).toMatchObject({ status: 'paid', outOfDate: false, newWorkToInvoice: false });
  });

  it('puts new work on a new invoice, leaving the paid one as it is', async () => {
    const issueId = await newIssue();
    await time(issueId);
    const first = await createInvoice(issueId);
    await payInFull(issueId, first.body.invoice.id);
    const nothingNew = await createInvoice(issueId);
    await part(issueId);
    const waiting = await entriesOf(issueId);

    const second = await createInvoice(issueId);

    expect(nothingNew.status).toBe(409);
    expect(waiting.invoices[0]).toMatchObject({ status: 'paid', newWorkToInvoice: true });
    expect(second.body).toMatchObject({ created: true, outcome: 'followsPaid', invoice: { total: '25.98' } });
    expect(second.body.invoice.id).not.toBe(first.body.invoice.id);
    expect((await salesLines(first.body.invoice.id)).map((line) => line.Amount)).toEqual([142.5]);
    expect((await salesLines(second.body.invoice.id)).map((line) => line.Description)).toEqual(['Toner']);
    const after = await entriesOf(issueId);
    expect(after.items.map((item: EntryBody) => (item.invoiced as { invoiceId: string }).invoiceId)).toEqual([
      first.body.invoice.id,
      second.body.invoice.id,
    ]);
    expect(after.invoices[0]).toMatchObject({ invoiceId: second.body.invoice.id, outOfDate: false });
  });

  it('is found paid when updating even before the issue page saw it', async () => {
    const issueId = await newIssue();
    await time(issueId);
    const first = await createInvoice(issueId);
    const invoice = await qboInvoice(first.body.invoice.id);
    app.qbo?.applyPayment({ realmId, invoiceId: first.body.invoice.id, amount: invoice.Balance });
    await part(issueId);

    const second = await createInvoice(issueId);

    expect(second.body.outcome).toBe('followsPaid');
    expect((await salesLines(second.body.invoice.id)).map((line) => line.Description)).toEqual(['Toner']);
    expect((await entriesOf(issueId)).items[0].lockedReason).toMatch(/^On paid invoice/);
  });
});

describe('tax codes on the lines', () => {
  it('leaves tax to QuickBooks in a company with automated sales tax: it sends no line tax codes', async () => {
    const astStaff = await signedInClient(app, await aUser(app, { role: 'staff' }));
    await connectQbo(app, astStaff, { realmId: AST_REALM_ID });
    const astApi = qboApi(
      app.qbo ?? (undefined as never),
      await connectCompany(app.qbo ?? (undefined as never), AST_REALM_ID),
    );
    const mapped = await aCatalogItem(admin, {
      name: 'Bench work',
      kind: 'labour',
      rate: '80.00',
      taxable: false,
      qboItems: { [AST_REALM_ID]: qboItemId(app, AST_REALM_ID) },
    });
    const issueId = await newIssue();
    await time(issueId, { catalogId: mapped.id, minutes: 60 });

    const response = await astStaff.request('POST', `/api/issues/${issueId}/invoice`);

    expect(response.status).toBe(200);
    const invoice = (await astApi.get(`invoice/${response.body.invoice.id}`)).body.Invoice;
    // Not NON as the catalogue entry would give: QuickBooks' own default for a line without a code.
    expect(invoice.Line[0].SalesItemLineDetail.TaxCodeRef).toEqual({ value: 'TAX' });
    expect(invoice.Line[0].Amount).toBe(80);
  });
});
