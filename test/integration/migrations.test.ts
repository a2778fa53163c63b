import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../local/create-table';
import { listAuditEvents } from '../../shared/audit/list-audit-events';
import type { CatalogItem } from '../../shared/billing/catalog-item';
import { listCatalogItems } from '../../shared/billing/catalog-repository';
import { createCatalogItem } from '../../shared/billing/create-catalog-item';
import { issueEntriesSubject } from '../../shared/billing/entry-audit';
import { readIssueWork } from '../../shared/billing/entry-repository';
import { createTable, type Table } from '../../shared/db/table';
import type { IssueInvoiceLink } from '../../shared/issues/issue';
import { issueInvoiceKey, issueKey, settingsKey } from '../../shared/keys';
import type { MigrationDeps } from '../../shared/migrations/migration-deps';
import { type MigrationReport, runMigrations } from '../../shared/migrations/run-migrations';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { anIssue, aUser, signedInClient } from '../support/builders';

// The data of a deploy from before billable work, as the old code stored it, migrated by the Lambda
// the deploy runs (functions/migrate) against DynamoDB Local: twice, as every deploy runs it.

const REALM = '9341450000000001';
const OTHER_REALM = '9341450000000002';
const EARLIER_ENTRY = '01JBXGD0W8SZ3N9M4R2T6YV8QK';
const testActor = { id: 'test', role: 'admin' } as User;

const put = (table: Table, item: Record<string, unknown>) =>
  table.doc.send(new PutCommand({ TableName: table.name, Item: item }));
const rawItem = async (table: Table, key: { PK: string; SK: string }) =>
  (await table.doc.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }))).Item;

/** Every item of the table, in key order. */
const everything = async (table: Table) => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new ScanCommand({ TableName: table.name, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const keyOf = (item: Record<string, unknown>) => `${item.PK}\n${item.SK}`;
  return items.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
};

const link = (invoiceId: string): IssueInvoiceLink => ({
  invoiceId,
  syncToken: '2',
  syncedAt: '2025-12-01T09:00:00.000Z',
  generation: 0,
});

/** An issue as the old code stored it: an amount, and the QuickBooks invoices made from it. */
const anOldIssue = async (
  app: TestApp,
  requestorId: string,
  fields: {
    title: string;
    amount?: string;
    createdAt?: string;
    qboInvoices?: Record<string, IssueInvoiceLink>;
  },
) => {
  const issue = await anIssue(app, { requestorId, title: fields.title });
  const stored = await rawItem(app.runtime.table, issueKey(issue.id));
  await put(app.runtime.table, { ...stored, createdBy: 'u-old-staff', ...fields });
  return issue.id;
};

/** An invoice record as the old code wrote it: no entries, no line ids. */
const anOldInvoiceRecord = (table: Table, issueId: number, realmId: string, invoiceId: string, extra = {}) =>
  put(table, {
    ...issueInvoiceKey(issueId, realmId, invoiceId),
    realmId,
    invoiceId,
    docNumber: `10${invoiceId}`,
    createdAt: '2025-12-01T09:00:00.000Z',
    createdBy: 'u-old-staff',
    ...extra,
  });

const byName = (items: CatalogItem[], name: string) => items.find((item) => item.name === name);

describe('migrating a deploy from before billable work', () => {
  let app: TestApp;
  let staff: TestClient;
  let first: MigrationReport;
  let second: MigrationReport;
  let afterFirst: Record<string, unknown>[];
  let afterSecond: Record<string, unknown>[];
  const ids = { printer: 0, zero: 0, unbilled: 0, plain: 0 };

  beforeAll(async () => {
    app = await startTestApp();
    // Imported once the app has set the environment the handler's runtime reads.
    const { handler: migrate } = await import('../../functions/migrate/handler');
    const { table } = app.runtime;
    staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
    const requestor = await aUser(app, { role: 'customer' });
    await put(table, {
      ...settingsKey(),
      qbo: { syncUser: false, syncInvoice: true, invoiceItemName: 'Consulting' },
      security: { enforceMfa: false, mfaGraceDays: 0 },
      version: 4,
    });
    ids.printer = await anOldIssue(app, requestor.id, {
      title: 'Printer offline',
      amount: '150.50',
      createdAt: '2025-11-03T22:30:00.000Z',
      qboInvoices: { [REALM]: link('130'), [OTHER_REALM]: link('77') },
    });
    await anOldInvoiceRecord(table, ids.printer, REALM, '130');
    // Invoiced again in another company while the old code still ran beside the new.
    await anOldInvoiceRecord(table, ids.printer, OTHER_REALM, '77', { entries: { [EARLIER_ENTRY]: 2 } });
    ids.zero = await anOldIssue(app, requestor.id, { title: 'Free check-up', amount: '0.00' });
    // Its link names an invoice with no record: the entry is still made.
    ids.unbilled = await anOldIssue(app, requestor.id, {
      title: 'New laptop',
      amount: '20.00',
      qboInvoices: { [REALM]: link('999') },
    });
    ids.plain = await anOldIssue(app, requestor.id, { title: 'No amount' });

    first = await migrate();
    afterFirst = await everything(table);
    second = await migrate();
    afterSecond = await everything(table);
  });
  afterAll(() => app?.close());

  it('makes the Invoice item setting a labour entry of the catalogue that bills that QuickBooks item', async () => {
    const catalog = await listCatalogItems(app.runtime.table);

    expect(first.invoiceItem).toEqual({ invoiceItemName: 'Consulting', created: 1, settingRemoved: 1 });
    expect(byName(catalog, 'Consulting')).toMatchObject({
      kind: 'labour',
      rateCents: 0,
      taxable: true,
      qboItems: {},
      qboItemName: 'Consulting',
      version: 1,
    });
  });

  it('removes the setting and keeps the other settings and their version', async () => {
    const stored = await rawItem(app.runtime.table, settingsKey());
    const shown = await staff.request('GET', '/api/settings');

    expect(stored?.qbo).toEqual({ syncUser: false, syncInvoice: true });
    expect(stored?.version).toBe(4);
    expect(shown.body.qbo).toEqual({ syncUser: false, syncInvoice: true });
  });

  it('turns an amount into one part of "<invoice item> (fixed amount)", dated and described as the issue', async () => {
    const catalog = await listCatalogItems(app.runtime.table);
    const part = byName(catalog, 'Consulting (fixed amount)');
    const { entries } = await readIssueWork(app.runtime.table, ids.printer);

    expect(part).toMatchObject({
      kind: 'part',
      rateCents: 0,
      taxable: true,
      qboItems: {},
      qboItemName: 'Consulting',
    });
    expect(entries).toEqual([
      expect.objectContaining({
        issueId: ids.printer,
        kind: 'part',
        catalogId: part?.id,
        quantityHundredths: 100,
        unitPriceCents: 15050,
        description: 'Printer offline',
        date: '2025-11-03',
        billable: true,
        createdBy: 'u-old-staff',
        version: 1,
      }),
    ]);
    expect(await rawItem(app.runtime.table, issueKey(ids.printer))).not.toHaveProperty('amount');
    expect(first.issueAmounts).toEqual({ moved: 2, dropped: 1 });
  });

  it('records the entry on the issue’s invoice in each company, beside what an invoice already bills', async () => {
    const { entries, invoices } = await readIssueWork(app.runtime.table, ids.printer);
    const entryId = entries[0]?.id ?? '';
    const billed = (realmId: string) => invoices.find((record) => record.realmId === realmId)?.entries;

    expect(billed(REALM)).toEqual({ [entryId]: 1 });
    expect(billed(OTHER_REALM)).toEqual({ [EARLIER_ENTRY]: 2, [entryId]: 1 });
    expect(invoices.every((record) => record.lineIds === undefined)).toBe(true);
  });

  it('shows the migrated work on the issue page as invoiced, and the issue without an amount', async () => {
    const work = await staff.request('GET', `/api/issues/${ids.printer}/entries`);
    const issue = await staff.request('GET', `/api/issues/${ids.printer}`);

    expect(work.body.items).toEqual([
      expect.objectContaining({
        catalogName: 'Consulting (fixed amount)',
        quantity: '1.00',
        unitPrice: '150.50',
        amount: '150.50',
        invoiced: expect.objectContaining({ invoiceId: expect.stringMatching(/^(130|77)$/) }),
      }),
    ]);
    expect(work.body.items[0]).not.toHaveProperty('outOfDate');
    expect(work.body.totals).toEqual({ billable: '150.50', invoiced: '150.50', notInvoiced: '0.00' });
    expect(issue.body).not.toHaveProperty('amount');
  });

  it('makes the entry of an issue whose invoice has no record, and bills nothing for it', async () => {
    const { entries, invoices } = await readIssueWork(app.runtime.table, ids.unbilled);

    expect(entries).toEqual([expect.objectContaining({ unitPriceCents: 2000, description: 'New laptop' })]);
    expect(invoices).toEqual([]);
  });

  it('removes a zero amount without making an entry, and leaves issues without one alone', async () => {
    const zero = await readIssueWork(app.runtime.table, ids.zero);
    const plain = await readIssueWork(app.runtime.table, ids.plain);

    expect(await rawItem(app.runtime.table, issueKey(ids.zero))).not.toHaveProperty('amount');
    expect(zero.entries).toEqual([]);
    expect(plain.entries).toEqual([]);
  });

  it('puts each moved amount on the issue’s billing trail, naming the migration as who did it', async () => {
    const { entries } = await readIssueWork(app.runtime.table, ids.printer);
    const trail = await listAuditEvents(app.runtime, {
      subject: issueEntriesSubject(ids.printer),
      limit: 10,
    });

    expect(trail.items).toEqual([
      expect.objectContaining({
        actorId: 'migration',
        action: 'billing.entry_created',
        details: expect.objectContaining({
          entryId: entries[0]?.id,
          amountCents: 15050,
          migratedFrom: 'amount',
          amount: '150.50',
        }),
      }),
    ]);
  });

  it('changes nothing when it runs again', () => {
    expect(second).toEqual({
      invoiceItem: { invoiceItemName: 'Consulting', created: 0, settingRemoved: 0 },
      issueAmounts: { moved: 0, dropped: 0 },
      moneyBack: { connections: 0, invoices: 0, customers: 0 },
      syncHealth: { customers: 0, invoices: 0 },
    });
    expect(afterSecond).toEqual(afterFirst);
  });
});

describe('the catalogue’s default labour entry', () => {
  /** A table of its own in the run's DynamoDB Local, to migrate as another deploy's. */
  const aTable = async (): Promise<MigrationDeps> => {
    const endpoint = inject('dynamoEndpoint');
    const tableName = `test-${randomUUID()}`;
    await ensureTable(endpoint, tableName);
    return { table: createTable({ tableName, region: 'local', endpoint }), now: () => new Date() };
  };

  it('is "Services" on a new install, made once', async () => {
    const deps = await aTable();

    const first = await runMigrations(deps);
    const again = await runMigrations(deps);

    const catalog = await listCatalogItems(deps.table);
    expect(first.invoiceItem).toEqual({ invoiceItemName: 'Services', created: 1, settingRemoved: 0 });
    expect(catalog).toEqual([
      expect.objectContaining({
        name: 'Services',
        kind: 'labour',
        rateCents: 0,
        taxable: true,
        qboItemName: 'Services',
      }),
    ]);
    expect(again.invoiceItem).toEqual({ invoiceItemName: 'Services', created: 0, settingRemoved: 0 });
  });

  it('is not added to a catalogue that has entries when no setting names an item', async () => {
    const deps = await aTable();
    await createCatalogItem(deps, {
      actor: testActor,
      fields: { name: 'Remote support', kind: 'labour', rate: 9500, taxable: false, qboItems: {} },
    });
    await put(deps.table, { ...settingsKey(), qbo: { syncUser: true, syncInvoice: true }, version: 2 });

    await runMigrations(deps);

    expect((await listCatalogItems(deps.table)).map((item) => item.name)).toEqual(['Remote support']);
  });

  it('is the entry the catalogue already has by the setting’s name (ignoring case), which keeps its rate and mapping', async () => {
    const deps = await aTable();
    const existing = await createCatalogItem(deps, {
      actor: testActor,
      fields: { name: 'consulting', kind: 'labour', rate: 12000, taxable: false, qboItems: { [REALM]: '5' } },
    });
    await put(deps.table, {
      ...settingsKey(),
      qbo: { syncUser: true, syncInvoice: true, invoiceItemName: 'Consulting' },
      version: 2,
    });

    const report = await runMigrations(deps);

    expect(report.invoiceItem).toEqual({ invoiceItemName: 'Consulting', created: 0, settingRemoved: 1 });
    expect(await listCatalogItems(deps.table)).toEqual([
      expect.objectContaining({
        id: existing.id,
        name: 'consulting',
        rateCents: 12000,
        taxable: false,
        qboItems: { [REALM]: '5' },
        qboItemName: 'Consulting',
        version: 2,
      }),
    ]);
    expect((await rawItem(deps.table, settingsKey()))?.qbo).toEqual({ syncUser: true, syncInvoice: true });
  });
});

describe('indexing what came before money coming back', () => {
  it('lists connections by company, puts old invoices on the Invoices page with pointers, and points customers at users', async () => {
    const tableName = `test-${randomUUID()}`;
    await ensureTable(inject('dynamoEndpoint'), tableName);
    const deps = {
      table: createTable({ tableName, region: 'local', endpoint: inject('dynamoEndpoint') }),
      now: () => new Date(),
    };
    const { table } = deps;
    await put(table, {
      ...issueKey(9),
      id: 9,
      title: 'Old invoice',
      requestorId: 'u-ann',
      qboInvoices: { [REALM]: link('130') },
    });
    await anOldInvoiceRecord(table, 9, REALM, '130');
    await put(table, {
      PK: 'USER#u-sam',
      SK: 'QBO#CONNECTION',
      userId: 'u-sam',
      realmId: REALM,
      companyName: 'Sandbox Company US 1',
      version: 1,
    });
    await put(table, {
      PK: 'USER#u-ann',
      SK: 'PROFILE',
      id: 'u-ann',
      qboCustomers: {
        [REALM]: {
          realmId: REALM,
          customerId: '58',
          syncToken: '0',
          displayName: 'Ann',
          syncedAt: '2025-12-01T09:00:00.000Z',
        },
      },
    });

    const first = await runMigrations(deps);
    const again = await runMigrations(deps);

    expect(first.moneyBack).toEqual({ connections: 1, invoices: 1, customers: 1 });
    expect(again.moneyBack).toEqual({ connections: 0, invoices: 0, customers: 0 });
    expect(await rawItem(table, { PK: 'USER#u-sam', SK: 'QBO#CONNECTION' })).toMatchObject({
      GSI1PK: `REALM#${REALM}#CONNECTIONS`,
    });
    expect(await rawItem(table, { PK: `REALM#${REALM}`, SK: 'CDC' })).toMatchObject({ GSI2PK: 'REALMS' });
    expect(await rawItem(table, issueInvoiceKey(9, REALM, '130'))).toMatchObject({
      GSI2PK: 'INVOICES',
      issueId: 9,
      requestorId: 'u-ann',
    });
    expect(await rawItem(table, { PK: `QBOINVOICE#${REALM}#130`, SK: 'INVOICE' })).toMatchObject({
      issueId: 9,
    });
    expect(await rawItem(table, { PK: `QBOCUSTOMER#${REALM}#58`, SK: 'CUSTOMER' })).toMatchObject({
      userId: 'u-ann',
    });
  });
});

describe('counting what came before Sync health', () => {
  it('counts each customer still linked and each invoice by company, by when it was synced, once', async () => {
    const tableName = `test-${randomUUID()}`;
    await ensureTable(inject('dynamoEndpoint'), tableName);
    const deps = {
      table: createTable({ tableName, region: 'local', endpoint: inject('dynamoEndpoint') }),
      now: () => new Date(),
    };
    const { table } = deps;
    const syncedAt = '2025-12-01T09:00:00.000Z';
    await put(table, {
      PK: 'USER#u-ann',
      SK: 'PROFILE',
      id: 'u-ann',
      qboCustomers: {
        [REALM]: { realmId: REALM, customerId: '58', syncToken: '0', displayName: 'Ann', syncedAt },
      },
    });
    // Pointers as money coming back wrote them: Ann's customer, and one she was linked to before.
    await put(table, { PK: `QBOCUSTOMER#${REALM}#58`, SK: 'CUSTOMER', userId: 'u-ann', realmId: REALM });
    await put(table, { PK: `QBOCUSTOMER#${REALM}#12`, SK: 'CUSTOMER', userId: 'u-ann', realmId: REALM });
    await anOldInvoiceRecord(table, 9, REALM, '130', { syncedAt: '2025-12-02T09:00:00.000Z' });
    await put(table, { PK: `QBOINVOICE#${REALM}#130`, SK: 'INVOICE', issueId: 9, realmId: REALM });

    const first = await runMigrations(deps);
    const again = await runMigrations(deps);

    expect(first.syncHealth).toEqual({ customers: 1, invoices: 1 });
    expect(again.syncHealth).toEqual({ customers: 0, invoices: 0 });
    expect(await rawItem(table, { PK: `QBOCUSTOMER#${REALM}#58`, SK: 'CUSTOMER' })).toMatchObject({
      GSI1PK: `REALM#${REALM}#CUSTOMERS`,
      GSI1SK: `${syncedAt}#58`,
      syncedAt,
    });
    expect(await rawItem(table, { PK: `QBOCUSTOMER#${REALM}#12`, SK: 'CUSTOMER' })).not.toHaveProperty(
      'GSI1PK',
    );
    expect(await rawItem(table, { PK: `QBOINVOICE#${REALM}#130`, SK: 'INVOICE' })).toMatchObject({
      GSI1PK: `REALM#${REALM}#INVOICES`,
      syncedAt: '2025-12-02T09:00:00.000Z',
    });
  });
});
