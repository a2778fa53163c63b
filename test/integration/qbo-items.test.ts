import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { connectCompany, type QboApi, qboApi } from '../support/qbo-emulator';
import { qboApiCalls } from '../support/qbo-settings';

// Settings → Billing maps catalogue entries to the viewer's company's products and services, picked
// from a live list or made there with "Create in QuickBooks".

let app: TestApp;
let admin: TestClient;
let staff: TestClient;
let qboDirect: QboApi;

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
  await connectQbo(app, admin);
  await connectQbo(app, staff);
  qboDirect = qboApi(app.qbo ?? (undefined as never), await connectCompany(app.qbo ?? (undefined as never)));
});
afterAll(() => app.close());

const incomeAccountId = async () => {
  const accounts = await staff.request('GET', '/api/qbo/income-accounts');
  return accounts.body.items[0].id as string;
};

describe('the company’s products and services', () => {
  it('lists active Service and NonInventory items with one QuickBooks query', async () => {
    const account = await incomeAccountId();
    await qboDirect.post('item', {
      Name: 'Toner cartridge',
      Type: 'NonInventory',
      IncomeAccountRef: { value: account },
      UnitPrice: 49.5,
    });
    const retired = await qboDirect.post('item', {
      Name: 'Retired service',
      Type: 'Service',
      IncomeAccountRef: { value: account },
    });
    await qboDirect.post('item', { ...retired.body.Item, Active: false });
    const before = qboApiCalls(app);

    const response = await staff.request('GET', '/api/qbo/items');

    expect(response.status).toBe(200);
    expect(qboApiCalls(app) - before).toBe(1);
    const names = response.body.items.map((item: { name: string }) => item.name);
    expect(names).toContain('Services');
    expect(names).not.toContain('Retired service');
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    expect(response.body.items).toContainEqual(
      expect.objectContaining({ name: 'Toner cartridge', type: 'NonInventory', unitPrice: '49.50' }),
    );
    expect(response.body.realmId).toMatch(/^\d+$/);
  });

  it('lists the income accounts with one QuickBooks query', async () => {
    const before = qboApiCalls(app);

    const response = await staff.request('GET', '/api/qbo/income-accounts');

    expect(response.status).toBe(200);
    expect(qboApiCalls(app) - before).toBe(1);
    expect(response.body.items.length).toBeGreaterThan(0);
    expect(response.body.items[0]).toEqual({ id: expect.any(String), name: expect.any(String) });
  });

  it('refuses a user without a QuickBooks connection', async () => {
    const unconnected = await signedInClient(app, await aUser(app, { role: 'staff' }));

    const response = await unconnected.request('GET', '/api/qbo/items');

    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('qbo_not_connected');
  });
});

describe('“Create in QuickBooks”', () => {
  it('makes a Service on the chosen income account, listed at once', async () => {
    const account = await incomeAccountId();

    const response = await admin.request('POST', '/api/qbo/items', {
      name: 'Remote support',
      type: 'Service',
      incomeAccountId: account,
      description: 'Per hour',
      unitPrice: '95',
    });

    expect(response.status).toBe(201);
    expect(response.body.item).toMatchObject({
      name: 'Remote support',
      type: 'Service',
      unitPrice: '95.00',
      incomeAccount: { id: account },
    });
    const inQbo = await qboDirect.get(`item/${response.body.item.id}`);
    expect(inQbo.body.Item).toMatchObject({ Name: 'Remote support', IncomeAccountRef: { value: account } });
    const listed = await staff.request('GET', '/api/qbo/items');
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(response.body.item.id);
  });

  it('says so when QuickBooks already has an item of that name', async () => {
    const response = await admin.request('POST', '/api/qbo/items', {
      name: 'Services',
      type: 'Service',
      incomeAccountId: await incomeAccountId(),
    });

    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('Services'),
    });
  });

  it('refuses an income account the company does not have, on that field', async () => {
    const response = await admin.request('POST', '/api/qbo/items', {
      name: 'Onsite visit',
      type: 'Service',
      incomeAccountId: '999999',
    });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty('incomeAccountId');
  });

  it.each([
    [{ name: 'Parent:Child', type: 'Service', incomeAccountId: '1' }, 'name'],
    [{ name: 'Kit', type: 'Inventory', incomeAccountId: '1' }, 'type'],
    [{ name: 'Kit', type: 'Service', incomeAccountId: 'abc' }, 'incomeAccountId'],
    [{ name: 'Kit', type: 'Service', incomeAccountId: '1', unitPrice: '9.999' }, 'unitPrice'],
    [{ name: '  ', type: 'Service', incomeAccountId: '1' }, 'name'],
  ])('refuses %j with a 400 on %s, before calling QuickBooks', async (body, field) => {
    const before = qboApiCalls(app);

    const response = await admin.request('POST', '/api/qbo/items', body);

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty(field);
    expect(qboApiCalls(app)).toBe(before);
  });
});
