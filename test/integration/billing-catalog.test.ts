import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../shared/audit/list-audit-events';
import { catalogItemSubject } from '../../shared/billing/catalog-audit';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aUser, signedInClient } from '../support/builders';

let app: TestApp;
let admin: TestClient;
let staff: TestClient;
/** A name no other test of this file uses (names are unique across the catalogue). */
const uniqueName = (name: string) => `${name} ${randomUUID().slice(0, 8)}`;

const aCatalogItem = async (overrides: Record<string, unknown> = {}) => {
  const response = await admin.request('POST', '/api/catalog', {
    name: uniqueName('Labour'),
    kind: 'labour',
    rate: '95',
    taxable: false,
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`catalogue create failed: ${JSON.stringify(response.body)}`);
  return response.body;
};

beforeAll(async () => {
  app = await startTestApp();
  admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
});
afterAll(() => app.close());

describe('the billing catalogue', () => {
  it('creates an entry with its rate as a two-place amount and its QuickBooks items per company', async () => {
    const response = await admin.request('POST', '/api/catalog', {
      name: '  On-site labour  ',
      kind: 'labour',
      rate: '95',
      taxable: true,
      qboItems: { '9341450000000001': '17' },
    });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      name: 'On-site labour',
      kind: 'labour',
      rate: '95.00',
      taxable: true,
      qboItems: { '9341450000000001': '17' },
      version: 1,
    });
  });

  it('lists every entry sorted by name, for staff too', async () => {
    const names = [uniqueName('zz Toner'), uniqueName('AA Cable'), uniqueName('mm Remote support')];
    for (const name of names) await aCatalogItem({ name });

    const response = await staff.request('GET', '/api/catalog');

    expect(response.status).toBe(200);
    const listed = response.body.items.map((item: { name: string }) => item.name);
    expect(listed.filter((name: string) => names.includes(name))).toEqual([names[1], names[2], names[0]]);
    expect([...listed].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }))).toEqual(listed);
  });

  it('refuses a second entry whose name differs only in letter case, naming the clash', async () => {
    const first = await aCatalogItem({ name: uniqueName('Printer drum') });

    const response = await admin.request('POST', '/api/catalog', {
      name: first.name.toUpperCase(),
      kind: 'part',
      rate: '10',
      taxable: true,
    });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('conflict');
    expect(response.body.error.message).toContain(`"${first.name.toUpperCase()}"`);
    expect(response.body.error.details.fieldErrors).toHaveProperty('name');
  });

  it('edits fields, keeps the rest, and counts the version up', async () => {
    const item = await aCatalogItem({ qboItems: { '1': '10', '2': '20' } });

    const response = await admin.request('PATCH', `/api/catalog/${item.id}`, {
      rate: '120.5',
      taxable: true,
      qboItems: { '1': null, '3': '30' },
      version: item.version,
    });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: item.name,
      kind: 'labour',
      rate: '120.50',
      taxable: true,
      qboItems: { '2': '20', '3': '30' },
      version: 2,
    });
    const listed = (await staff.request('GET', '/api/catalog')).body.items.find(
      (entry: { id: string }) => entry.id === item.id,
    );
    expect(listed).toEqual(response.body);
  });

  it('renames an entry, freeing the old name and taking the new one', async () => {
    const item = await aCatalogItem();
    const newName = uniqueName('Senior labour');

    const renamed = await admin.request('PATCH', `/api/catalog/${item.id}`, {
      name: newName,
      version: item.version,
    });
    const reused = await aCatalogItem({ name: item.name });
    const clash = await admin.request('POST', '/api/catalog', {
      name: newName.toLowerCase(),
      kind: 'labour',
      rate: '1',
      taxable: false,
    });

    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe(newName);
    expect(reused.name).toBe(item.name);
    expect(clash.status).toBe(409);
  });

  it('changes only the letter case of a name without a clash with itself', async () => {
    const item = await aCatalogItem({ name: uniqueName('remote support') });

    const response = await admin.request('PATCH', `/api/catalog/${item.id}`, {
      name: item.name.toUpperCase(),
      version: item.version,
    });

    expect(response.status).toBe(200);
    expect(response.body.name).toBe(item.name.toUpperCase());
  });

  it('refuses a rename onto another entry’s name and changes nothing', async () => {
    const taken = await aCatalogItem();
    const item = await aCatalogItem();

    const response = await admin.request('PATCH', `/api/catalog/${item.id}`, {
      name: taken.name,
      rate: '1',
      version: item.version,
    });

    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain(`"${taken.name}"`);
    const listed = (await staff.request('GET', '/api/catalog')).body.items.find(
      (entry: { id: string }) => entry.id === item.id,
    );
    expect(listed).toEqual(item);
  });

  it('refuses an edit made on a stale version', async () => {
    const item = await aCatalogItem();
    await admin.request('PATCH', `/api/catalog/${item.id}`, { rate: '100', version: item.version });

    const response = await admin.request('PATCH', `/api/catalog/${item.id}`, {
      rate: '110',
      version: item.version,
    });

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('conflict');
  });

  it('answers 404 for an unknown entry and 400 for an id that is not one', async () => {
    const unknown = await admin.request('PATCH', '/api/catalog/00000000-0000-4000-8000-000000000000', {
      rate: '1',
      version: 1,
    });
    const malformed = await admin.request('PATCH', '/api/catalog/not-an-id', { rate: '1', version: 1 });

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fieldErrors).toHaveProperty('id');
  });

  it('writes each change to the entry’s audit trail', async () => {
    const item = await aCatalogItem();
    await admin.request('PATCH', `/api/catalog/${item.id}`, { rate: '99', version: item.version });

    const trail = await listAuditEvents(app.runtime, { subject: catalogItemSubject(item.id), limit: 10 });

    expect(trail.items.map((event) => event.action)).toEqual([
      'catalog.item_updated',
      'catalog.item_created',
    ]);
    expect(trail.items[0]?.details).toEqual({ changed: ['rateCents'] });
  });

  it('lets only admins create and edit entries', async () => {
    const item = await aCatalogItem();
    const customer = await aUser(app, { role: 'customer', enabled: true, password: 'customer-pass-1' });
    const customerClient = await signedInClient(app, customer, 'customer-pass-1');

    const created = await staff.request('POST', '/api/catalog', {
      name: uniqueName('Staff made'),
      kind: 'part',
      rate: '1',
      taxable: false,
    });
    const edited = await staff.request('PATCH', `/api/catalog/${item.id}`, { rate: '1', version: 1 });
    const listed = await customerClient.request('GET', '/api/catalog');

    expect([created.status, edited.status, listed.status]).toEqual([403, 403, 403]);
  });

  it.each([
    ['name', { name: '   ' }],
    ['name', { name: 'x'.repeat(101) }],
    ['kind', { kind: 'service' }],
    ['rate', { rate: '95.005' }],
    ['rate', { rate: '-1' }],
    ['rate', { rate: '12345678' }],
    ['rate', { rate: 95 }],
    ['taxable', { taxable: 'yes' }],
    ['qboItems', { qboItems: { realm: '1' } }],
    ['qboItems', { qboItems: { '1': 'abc' } }],
    ['qboItems', { qboItems: ['1'] }],
    ['qboItems', { qboItems: { ['9'.repeat(21)]: '1' } }],
    [
      'qboItems',
      { qboItems: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [String(i + 1), '1'])) },
    ],
  ])('answers 400 naming %s when it is not valid', async (field, overrides) => {
    const response = await admin.request('POST', '/api/catalog', {
      name: uniqueName('Valid'),
      kind: 'labour',
      rate: '95.00',
      taxable: false,
      ...overrides,
    });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.fieldErrors).toHaveProperty([field]);
  });

  it('refuses an edit without the version it was made on', async () => {
    const item = await aCatalogItem();

    const response = await admin.request('PATCH', `/api/catalog/${item.id}`, { rate: '1' });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty('version');
  });

  it('refuses a merge that would map more than 20 companies', async () => {
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [String(i + 1), '1']));
    const item = await aCatalogItem({ qboItems: twenty });

    const response = await admin.request('PATCH', `/api/catalog/${item.id}`, {
      qboItems: { '99': '1' },
      version: item.version,
    });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty('qboItems');
  });
});
