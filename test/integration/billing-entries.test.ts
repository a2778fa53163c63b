import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../shared/audit/list-audit-events';
import { latestEntryDate } from '../../shared/billing/billable-entry-input';
import { issueEntriesSubject } from '../../shared/billing/entry-audit';
import { issueInvoiceKey } from '../../shared/keys';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { anIssue, aUser, signedInClient } from '../support/builders';

let app: TestApp;
let staff: TestClient;
let staffUser: User;
let otherStaff: User;
let requestor: User;
let labour: { id: string; name: string };
let seniorLabour: { id: string };
let toner: { id: string; name: string };

const CUSTOMER_PASSWORD = 'customer-pass-1';

const aCatalogItem = async (admin: TestClient, fields: Record<string, unknown>) => {
  const response = await admin.request('POST', '/api/catalog', { taxable: false, ...fields });
  if (response.status !== 201) throw new Error(`catalogue create failed: ${JSON.stringify(response.body)}`);
  return response.body;
};

const timeEntry = (overrides: Record<string, unknown> = {}) => ({
  kind: 'time',
  catalogId: labour.id,
  date: '2025-03-04',
  minutes: 90,
  description: 'Replaced the fuser',
  ...overrides,
});
const partEntry = (overrides: Record<string, unknown> = {}) => ({
  kind: 'part',
  catalogId: toner.id,
  date: '2025-03-04',
  quantity: '1.5',
  description: 'Toner',
  ...overrides,
});

const newIssue = async () => (await anIssue(app, { requestorId: requestor.id })).id;
const post = async (issueId: number, body: unknown) => {
  const response = await staff.request('POST', `/api/issues/${issueId}/entries`, body);
  if (response.status !== 201) throw new Error(`entry create failed: ${JSON.stringify(response.body)}`);
  return response.body;
};
const list = (issueId: number, client = staff) => client.request('GET', `/api/issues/${issueId}/entries`);

beforeAll(async () => {
  app = await startTestApp();
  const admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  staffUser = await aUser(app, { role: 'staff', name: 'Sam Staff' });
  staff = await signedInClient(app, staffUser);
  otherStaff = await aUser(app, { role: 'staff', name: 'Jordan Tech' });
  requestor = await aUser(app, { role: 'customer', enabled: true, password: CUSTOMER_PASSWORD });
  labour = await aCatalogItem(admin, { name: 'Labour', kind: 'labour', rate: '95.00' });
  seniorLabour = await aCatalogItem(admin, { name: 'Senior labour', kind: 'labour', rate: '140.00' });
  toner = await aCatalogItem(admin, { name: 'Toner', kind: 'part', rate: '12.99', taxable: true });
});
afterAll(() => app.close());

describe('billable work on an issue', () => {
  it('prices time and parts to the cent, rounding half up, and totals the billable work', async () => {
    const issueId = await newIssue();
    await post(issueId, timeEntry({ minutes: 90 }));
    await post(issueId, timeEntry({ minutes: 20, description: 'Follow-up call' }));
    await post(issueId, partEntry({ quantity: '1.5' }));
    await post(issueId, timeEntry({ minutes: 60, billable: false, description: 'Internal notes' }));

    const response = await list(issueId);

    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { amount: string }) => item.amount)).toEqual([
      '142.50',
      '31.35',
      '19.49',
      '95.00',
    ]);
    expect(response.body.totals).toEqual({ billable: '193.34', invoiced: '0.00', notInvoiced: '193.34' });
  });

  it('shows each entry with its catalogue entry, rate or unit price, and who did the work', async () => {
    const issueId = await newIssue();
    await post(issueId, timeEntry());
    await post(issueId, partEntry({ quantity: '2' }));

    const [time, part] = (await list(issueId)).body.items;

    expect(time).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      kind: 'time',
      catalogId: labour.id,
      catalogName: 'Labour',
      date: '2025-03-04',
      minutes: 90,
      rate: '95.00',
      amount: '142.50',
      description: 'Replaced the fuser',
      billable: true,
      workedBy: { id: staffUser.id, name: 'Sam Staff' },
      version: 1,
    });
    expect(part).toEqual({
      id: expect.any(String),
      kind: 'part',
      catalogId: toner.id,
      catalogName: 'Toner',
      date: '2025-03-04',
      quantity: '2.00',
      unitPrice: '12.99',
      amount: '25.98',
      description: 'Toner',
      billable: true,
      version: 1,
    });
  });

  it('lists entries in the order they were made, and nothing else of the issue', async () => {
    const issueId = await newIssue();
    const made = [];
    for (const minutes of [10, 20, 30, 40, 50]) made.push((await post(issueId, timeEntry({ minutes }))).id);
    await app.runtime.table.doc.send(
      new PutCommand({
        TableName: app.runtime.table.name,
        Item: { ...issueInvoiceKey(issueId, '9341450000000001', '130'), invoiceId: '130' },
      }),
    );

    const response = await list(issueId);

    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual(made);
  });

  it('takes the rate or unit price given instead of the catalogue’s', async () => {
    const issueId = await newIssue();

    const time = await post(issueId, timeEntry({ minutes: 30, rate: '120' }));
    const part = await post(issueId, partEntry({ quantity: '3', unitPrice: '10.5' }));

    expect([time.rate, time.amount]).toEqual(['120.00', '60.00']);
    expect([part.unitPrice, part.amount]).toEqual(['10.50', '31.50']);
  });

  it('records time worked by another staff member', async () => {
    const issueId = await newIssue();

    const entry = await post(issueId, timeEntry({ workedBy: otherStaff.id }));

    expect(entry.workedBy).toEqual({ id: otherStaff.id, name: 'Jordan Tech' });
  });

  it('totals invoiced and not yet invoiced work apart, from what the invoice record bills', async () => {
    const issueId = await newIssue();
    const invoicedEntry = await post(issueId, timeEntry({ minutes: 90 }));
    await post(issueId, partEntry({ quantity: '1.5' }));
    await app.runtime.table.doc.send(
      new PutCommand({
        TableName: app.runtime.table.name,
        Item: {
          ...issueInvoiceKey(issueId, '9341450000000001', '130'),
          docNumber: '1042',
          createdAt: '2025-03-05T10:00:00Z',
          syncedAt: '2025-03-05T10:00:00Z',
          entries: { [invoicedEntry.id]: 1 },
          status: 'unpaid',
        },
      }),
    );

    const response = await list(issueId);

    expect(response.body.items[0].invoiced).toEqual({
      realmId: '9341450000000001',
      invoiceId: '130',
      label: '1042',
      at: '2025-03-05T10:00:00Z',
    });
    expect(response.body.items[1].invoiced).toBeUndefined();
    expect(response.body.totals).toEqual({ billable: '161.99', invoiced: '142.50', notInvoiced: '19.49' });
  });

  it('writes each change to the issue’s billing trail', async () => {
    const issueId = await newIssue();
    const entry = await post(issueId, timeEntry());
    await staff.request('PATCH', `/api/issues/${issueId}/entries/${entry.id}`, { minutes: 30, version: 1 });
    await staff.request('DELETE', `/api/issues/${issueId}/entries/${entry.id}`);

    const trail = await listAuditEvents(app.runtime, { subject: issueEntriesSubject(issueId), limit: 10 });

    expect(trail.items.map((event) => event.action)).toEqual([
      'billing.entry_deleted',
      'billing.entry_updated',
      'billing.entry_created',
    ]);
    expect(trail.items[1]?.details).toMatchObject({ entryId: entry.id, amountCents: 4750 });
  });
});

describe('what a new entry must name', () => {
  it.each([
    [
      'time',
      'a part',
      () => timeEntry({ catalogId: toner.id }),
      'Time needs a labour item from the catalogue',
    ],
    [
      'a part',
      'labour',
      () => partEntry({ catalogId: labour.id }),
      'A part needs a part item from the catalogue',
    ],
  ])('refuses %s on %s from the catalogue with a 400 on catalogId', async (_kind, _item, body, why) => {
    const response = await staff.request('POST', `/api/issues/${await newIssue()}/entries`, body());

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toEqual({ catalogId: [why] });
  });

  it('refuses a catalogue id nobody made', async () => {
    const response = await staff.request(
      'POST',
      `/api/issues/${await newIssue()}/entries`,
      timeEntry({ catalogId: '00000000-0000-4000-8000-000000000000' }),
    );

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toEqual({
      catalogId: ['Choose an item from the catalogue'],
    });
  });

  it('refuses time worked by a customer or by nobody', async () => {
    const issueId = await newIssue();

    const byCustomer = await staff.request(
      'POST',
      `/api/issues/${issueId}/entries`,
      timeEntry({ workedBy: requestor.id }),
    );
    const byNobody = await staff.request(
      'POST',
      `/api/issues/${issueId}/entries`,
      timeEntry({ workedBy: '00000000-0000-4000-8000-000000000000' }),
    );

    expect([byCustomer.status, byNobody.status]).toEqual([400, 400]);
    expect(byCustomer.body.error.details.fieldErrors).toHaveProperty('workedBy');
    expect((await list(issueId)).body.items).toEqual([]);
  });

  it('answers 404 for an issue that does not exist', async () => {
    const response = await staff.request('POST', '/api/issues/999999/entries', timeEntry());

    expect(response.status).toBe(404);
    expect((await list(999999)).status).toBe(404);
  });

  const tomorrowPastLimit = () => {
    const latest = new Date(`${latestEntryDate(new Date())}T00:00:00Z`);
    return new Date(latest.getTime() + 86_400_000).toISOString().slice(0, 10);
  };
  it.each([
    ['minutes', () => timeEntry({ minutes: 0 })],
    ['minutes', () => timeEntry({ minutes: 1441 })],
    ['minutes', () => timeEntry({ minutes: 1.5 })],
    ['minutes', () => timeEntry({ minutes: '90' })],
    ['minutes', () => timeEntry({ minutes: undefined })],
    ['quantity', () => partEntry({ quantity: '0' })],
    ['quantity', () => partEntry({ quantity: '100000.01' })],
    ['quantity', () => partEntry({ quantity: '1.555' })],
    ['quantity', () => partEntry({ quantity: '-1' })],
    ['quantity', () => partEntry({ quantity: 2 })],
    ['rate', () => timeEntry({ rate: '95.001' })],
    ['rate', () => timeEntry({ rate: '-95' })],
    ['unitPrice', () => partEntry({ unitPrice: '12.999' })],
    ['date', () => timeEntry({ date: '2025-02-29' })],
    ['date', () => timeEntry({ date: '2025-13-01' })],
    ['date', () => timeEntry({ date: '1999-12-31' })],
    ['date', () => timeEntry({ date: '04/03/2025' })],
    ['date', () => timeEntry({ date: tomorrowPastLimit() })],
    ['description', () => timeEntry({ description: '   ' })],
    ['description', () => timeEntry({ description: 'x'.repeat(1001) })],
    ['description', () => timeEntry({ description: 'Replaced\nthe fan' })],
    ['kind', () => timeEntry({ kind: 'expense' })],
    ['billable', () => timeEntry({ billable: 'yes' })],
  ])('answers 400 naming %s when it is not valid, and saves nothing', async (field, body) => {
    const issueId = await newIssue();

    const response = await staff.request('POST', `/api/issues/${issueId}/entries`, body());

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.fieldErrors).toHaveProperty([field]);
    expect((await list(issueId)).body.items).toEqual([]);
  });

  it('takes a date up to one year from today and ignores fields it does not know', async () => {
    const entry = await post(
      await newIssue(),
      timeEntry({ date: latestEntryDate(new Date()), colour: 'red' }),
    );

    expect(entry.date).toBe(latestEntryDate(new Date()));
    expect(entry).not.toHaveProperty('colour');
  });
});

describe('editing and deleting entries', () => {
  it('changes the fields given, keeps the rest, and counts the version up', async () => {
    const issueId = await newIssue();
    const entry = await post(issueId, timeEntry());

    const response = await staff.request('PATCH', `/api/issues/${issueId}/entries/${entry.id}`, {
      minutes: 20,
      billable: false,
      version: 1,
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      minutes: 20,
      rate: '95.00',
      amount: '31.35',
      billable: false,
      description: 'Replaced the fuser',
      version: 2,
    });
    expect((await list(issueId)).body.items[0]).toEqual(response.body);
  });

  it('takes the new catalogue entry’s rate when the item changes and no rate is given', async () => {
    const issueId = await newIssue();
    const entry = await post(issueId, timeEntry({ minutes: 60 }));

    const response = await staff.request('PATCH', `/api/issues/${issueId}/entries/${entry.id}`, {
      catalogId: seniorLabour.id,
      version: 1,
    });

    expect(response.body).toMatchObject({ catalogName: 'Senior labour', rate: '140.00', amount: '140.00' });
  });

  it('refuses an edit made on a stale version', async () => {
    const issueId = await newIssue();
    const entry = await post(issueId, timeEntry());
    await staff.request('PATCH', `/api/issues/${issueId}/entries/${entry.id}`, { minutes: 30, version: 1 });

    const response = await staff.request('PATCH', `/api/issues/${issueId}/entries/${entry.id}`, {
      minutes: 45,
      version: 1,
    });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('conflict');
  });

  it.each([
    ['quantity', { quantity: '2' }, 'time'],
    ['minutes', { minutes: 30 }, 'part'],
    ['catalogId', { catalogId: 'TONER' }, 'time'],
    ['minutes', { minutes: 0 }, 'time'],
    ['body', {}, 'part'],
  ])('refuses a change of %s that does not fit the entry', async (field, change, kind) => {
    const issueId = await newIssue();
    const entry = await post(issueId, kind === 'time' ? timeEntry() : partEntry());

    const response = await staff.request('PATCH', `/api/issues/${issueId}/entries/${entry.id}`, {
      ...change,
      version: 1,
    });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty([field]);
    expect((await list(issueId)).body.items[0]).toEqual(entry);
  });

  it('refuses to move time onto a part of the catalogue', async () => {
    const issueId = await newIssue();
    const entry = await post(issueId, timeEntry());

    const response = await staff.request('PATCH', `/api/issues/${issueId}/entries/${entry.id}`, {
      catalogId: toner.id,
      version: 1,
    });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toEqual({
      catalogId: ['Time needs a labour item from the catalogue'],
    });
  });

  it('deletes an entry: it leaves the list and the totals', async () => {
    const issueId = await newIssue();
    const kept = await post(issueId, partEntry());
    const entry = await post(issueId, timeEntry());

    const response = await staff.request('DELETE', `/api/issues/${issueId}/entries/${entry.id}`);
    const again = await staff.request('DELETE', `/api/issues/${issueId}/entries/${entry.id}`);

    expect(response.status).toBe(204);
    expect(again.status).toBe(404);
    const after = await list(issueId);
    expect(after.body.items.map((item: { id: string }) => item.id)).toEqual([kept.id]);
    expect(after.body.totals.billable).toBe('19.49');
  });

  it('answers 404 for an entry of another issue, and leaves that entry alone', async () => {
    const issueId = await newIssue();
    const otherIssueId = await newIssue();
    const entry = await post(otherIssueId, timeEntry());

    const patched = await staff.request('PATCH', `/api/issues/${issueId}/entries/${entry.id}`, {
      minutes: 5,
      version: 1,
    });
    const deleted = await staff.request('DELETE', `/api/issues/${issueId}/entries/${entry.id}`);

    expect([patched.status, deleted.status]).toEqual([404, 404]);
    expect((await list(otherIssueId)).body.items).toEqual([entry]);
  });

  it.each([
    'not-an-entry',
    '01ARYZ6S41000000000000000',
    '01ARYZ6S410000000000000000I',
    '01aryz6s410000000000000000',
  ])('answers 400 on entryId for %s', async (entryId) => {
    const response = await staff.request('DELETE', `/api/issues/${await newIssue()}/entries/${entryId}`);

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty('entryId');
  });
});

describe('who sees and records billable work', () => {
  it('shows a customer the work on issues they requested, and nothing on others', async () => {
    const own = await newIssue();
    await post(own, timeEntry());
    const someoneElse = await aUser(app, { role: 'customer' });
    const theirs = (await anIssue(app, { requestorId: someoneElse.id })).id;
    await post(theirs, timeEntry());
    const customer = await signedInClient(app, requestor, CUSTOMER_PASSWORD);

    const mine = await list(own, customer);
    const other = await list(theirs, customer);

    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.totals.billable).toBe('142.50');
    expect(other.status).toBe(403);
  });

  it('refuses a customer every write, even on their own issue', async () => {
    const own = await newIssue();
    const entry = await post(own, timeEntry());
    const customer = await signedInClient(app, requestor, CUSTOMER_PASSWORD);

    const created = await customer.request('POST', `/api/issues/${own}/entries`, timeEntry());
    const patched = await customer.request('PATCH', `/api/issues/${own}/entries/${entry.id}`, {
      minutes: 1,
      version: 1,
    });
    const deleted = await customer.request('DELETE', `/api/issues/${own}/entries/${entry.id}`);

    expect([created.status, patched.status, deleted.status]).toEqual([403, 403, 403]);
    expect((await list(own)).body.items).toEqual([entry]);
  });
});
