import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userKey } from '../../shared/keys';
import type { User } from '../../shared/users/user';
import { getUser } from '../../shared/users/user-repository';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { connectCompany, type QboApi, qboApi } from '../support/qbo-emulator';
import { qboApiCalls, setQboToggles } from '../support/qbo-settings';

let app: TestApp;
let staff: TestClient;
let realmId: string;
let qboDirect: QboApi;

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
  await connectQbo(app, staff);
  const emulator = app.qbo ?? (undefined as never);
  const company = await connectCompany(emulator);
  realmId = company.realmId;
  qboDirect = qboApi(emulator, company);
});
afterAll(() => app.close());
beforeEach(async () => {
  await setQboToggles(app, { syncUser: true });
  app.qbo?.clearFaults();
});

let counter = 0;
const aCustomer = (overrides: Partial<User> = {}) => {
  counter += 1;
  return aUser(app, {
    role: 'customer',
    name: `Dana Whitfield ${counter}${Date.now()}`,
    phone: '+1 415 555 0199',
    company: 'Whitfield Ltd',
    address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
    ...overrides,
  });
};
const sync = (userId: string, client = staff) => client.request('POST', `/api/users/${userId}/qbo-sync`);
const customersNamed = (displayName: string) =>
  (app.qbo?.entities(realmId, 'Customer') ?? []).filter((customer) => customer.DisplayName === displayName);

describe('syncing a user to a QuickBooks customer', () => {
  it('creates the customer with the user’s details and links it', async () => {
    const user = await aCustomer();

    const response = await sync(user.id);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      realmId,
      created: true,
      outcome: 'created',
      displayName: user.name,
    });
    expect(response.body.customerUrl).toBe(
      `${app.qbo?.url}/app/customerdetail?nameId=${response.body.customerId}`,
    );
    const [customer] = customersNamed(user.name);
    expect(customer).toMatchObject({
      PrimaryEmailAddr: { Address: user.email },
      PrimaryPhone: { FreeFormNumber: '+1 415 555 0199' },
      CompanyName: 'Whitfield Ltd',
      BillAddr: {
        Line1: '1 Main St',
        City: 'Springfield',
        CountrySubDivisionCode: 'IL',
        PostalCode: '62701',
      },
    });
    const stored = await getUser(app.runtime.table, user.id);
    expect(stored?.qboCustomers?.[realmId]?.customerId).toBe(response.body.customerId);
  });

  it('updates a synced user with exactly one QuickBooks call', async () => {
    const user = await aCustomer();
    await sync(user.id);
    await staff.request('PATCH', `/api/users/${user.id}`, { phone: '+1 415 555 0000' });
    app.qbo?.resetCallCounts();

    const response = await sync(user.id);

    expect(response.body).toMatchObject({ outcome: 'updated', created: false });
    expect(qboApiCalls(app)).toBe(1);
    expect(customersNamed(user.name)[0]?.PrimaryPhone).toEqual({ FreeFormNumber: '+1 415 555 0000' });
  });

  it('links to an existing customer with the same email instead of creating another', async () => {
    const user = await aCustomer();
    const existing = await qboDirect.post('customer', {
      DisplayName: `Old name ${user.id}`,
      PrimaryEmailAddr: { Address: user.email },
    });

    const response = await sync(user.id);

    expect(response.body).toMatchObject({
      outcome: 'linked',
      created: false,
      customerId: existing.body.Customer.Id,
    });
    expect(customersNamed(user.name)).toHaveLength(1);
  });

  it('links to an existing customer with exactly the same DisplayName', async () => {
    const user = await aCustomer();
    const existing = await qboDirect.post('customer', { DisplayName: user.name });

    const response = await sync(user.id);

    expect(response.body).toMatchObject({ outcome: 'linked', customerId: existing.body.Customer.Id });
    expect(customersNamed(user.name)[0]?.PrimaryEmailAddr).toEqual({ Address: user.email });
  });

  it('uses a predictable different name when a vendor already has the user’s name, and says so', async () => {
    const user = await aCustomer();
    await qboDirect.post('vendor', { DisplayName: user.name });

    const response = await sync(user.id);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      outcome: 'created',
      displayName: `${user.name} (${user.email})`,
      displayNameAdjusted: true,
    });
    expect(response.body.message).toContain(`${user.name} (${user.email})`);
  });

  it('re-reads and retries once when someone changed the customer in QuickBooks meanwhile', async () => {
    const user = await aCustomer();
    const first = await sync(user.id);
    const current = await qboDirect.get(`customer/${first.body.customerId}`);
    await qboDirect.post('customer', {
      Id: current.body.Customer.Id,
      SyncToken: current.body.Customer.SyncToken,
      sparse: true,
      Notes: 'edited in QBO',
    });

    const response = await sync(user.id);

    expect(response.status).toBe(200);
    expect(response.body.outcome).toBe('updated');
    const after = await qboDirect.get(`customer/${first.body.customerId}`);
    expect(after.body.Customer.Notes).toBe('edited in QBO');
  });

  it('makes a customer that was made inactive in QuickBooks active again, and says so', async () => {
    const user = await aCustomer();
    const first = await sync(user.id);
    const current = await qboDirect.get(`customer/${first.body.customerId}`);
    await qboDirect.post('customer', {
      Id: current.body.Customer.Id,
      SyncToken: current.body.Customer.SyncToken,
      sparse: true,
      Active: false,
    });

    const response = await sync(user.id);

    expect(response.body).toMatchObject({ outcome: 'reactivated', customerId: first.body.customerId });
    expect(response.body.message).toMatch(/inactive/);
    expect((await qboDirect.get(`customer/${first.body.customerId}`)).body.Customer.Active).toBe(true);
  });

  it('recreates the customer when the linked one no longer exists in QuickBooks, and says so', async () => {
    const user = await aCustomer();
    const first = await sync(user.id);
    const stored = await getUser(app.runtime.table, user.id);
    const link = stored?.qboCustomers?.[realmId] ?? (undefined as never);
    // As after a merge in QBO: our link points at an id QBO no longer knows, and no customer matches.
    await app.runtime.table.doc.send(
      new UpdateCommand({
        TableName: app.runtime.table.name,
        Key: userKey(user.id),
        UpdateExpression: 'SET qboCustomers.#realm = :link',
        ExpressionAttributeNames: { '#realm': realmId },
        ExpressionAttributeValues: { ':link': { ...link, customerId: '999999' } },
      }),
    );
    const renamed = await qboDirect.get(`customer/${first.body.customerId}`);
    await qboDirect.post('customer', {
      Id: renamed.body.Customer.Id,
      SyncToken: renamed.body.Customer.SyncToken,
      sparse: true,
      DisplayName: `Merged ${user.id}`,
      PrimaryEmailAddr: { Address: `merged-${user.email}` },
    });

    const response = await sync(user.id);

    expect(response.body).toMatchObject({ outcome: 'recreated', created: true });
    expect(response.body.customerId).not.toBe('999999');
    expect(response.body.message).toMatch(/no longer exists/);
  });

  it('makes exactly one customer when 20 syncs of a new user arrive at once', async () => {
    const user = await aCustomer();

    const responses = await Promise.all(Array.from({ length: 20 }, () => sync(user.id)));

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((response) => response.body.customerId)).size).toBe(1);
    const withEmail = (app.qbo?.entities(realmId, 'Customer') ?? []).filter(
      (customer) => (customer.PrimaryEmailAddr as { Address?: string } | undefined)?.Address === user.email,
    );
    expect(withEmail).toHaveLength(1);
  });

  it('writes each sync to the user’s history, failures included', async () => {
    const user = await aCustomer();
    await sync(user.id);
    app.qbo?.injectFault({ method: 'POST', path: '/v3/company/', status: 400, code: '6000', times: 1 });
    await sync(user.id);

    const view = await staff.request('GET', `/api/users/${user.id}/qbo-sync`);

    expect(view.body.links).toEqual([expect.objectContaining({ realmId, displayName: user.name })]);
    expect(
      view.body.history.map(
        (event: { outcome?: string; error?: { code: string } }) => event.outcome ?? event.error?.code,
      ),
    ).toEqual(['qbo_error', 'created']);
    expect(view.body.history[0].actorName).toBeTruthy();
  });
});

describe('when syncing is not possible', () => {
  it('refuses with qbo_sync_user_disabled while "Sync user to QBO" is off', async () => {
    await setQboToggles(app, { syncUser: false });
    const user = await aCustomer();

    const response = await sync(user.id);

    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      code: 'qbo_sync_user_disabled',
      message: 'Sync user to QBO is disabled in settings',
    });
  });

  it('refuses with qbo_not_connected when the viewer has not connected QuickBooks', async () => {
    const unconnected = await signedInClient(app, await aUser(app, { role: 'staff' }));
    const user = await aCustomer();

    const response = await sync(user.id, unconnected);

    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: 'qbo_not_connected',
      details: { reason: 'not_connected' },
    });
  });

  it('does not let customers trigger a sync', async () => {
    const customer = await aCustomer({ enabled: true, password: 'customer-pass-1' } as never);
    const client = await signedInClient(app, customer, 'customer-pass-1');

    const response = await sync(customer.id, client);

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('forbidden');
  });

  it('answers 404 for an unknown user', async () => {
    expect((await sync('3f0c7a52-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('shows QuickBooks’ own message and intuit_tid when QuickBooks refuses', async () => {
    const user = await aCustomer();
    app.qbo?.injectFault({ method: 'POST', path: '/v3/company/', status: 400, code: '6000', times: 3 });

    const response = await sync(user.id);

    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('qbo_error');
    expect(response.body.error.details.intuitTid).toBeTruthy();
  });
});
