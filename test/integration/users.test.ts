import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aUser, signedInClient } from '../support/builders';

let app: TestApp;
let admin: TestClient;
let staff: TestClient;
beforeAll(async () => {
  app = await startTestApp();
  admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
});
afterAll(() => app.close());

const newCustomer = (overrides: Record<string, unknown> = {}) => ({
  name: 'Grace Hopper',
  email: `grace-${Math.random().toString(36).slice(2)}@navy.example`,
  role: 'customer',
  phone: '+1 202 555 0100',
  company: 'US Navy',
  address: { line1: '1 Navy Pentagon', city: 'Washington', region: 'DC', postalCode: '20350', country: 'US' },
  ...overrides,
});

describe('creating users', () => {
  it('creates a customer with login disabled by default', async () => {
    const response = await staff.request('POST', '/api/users', newCustomer());

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Grace Hopper',
      role: 'customer',
      enabled: false,
      hasPassword: false,
    });
    expect((await staff.request('GET', `/api/users/${response.body.id}`)).body.address.city).toBe(
      'Washington',
    );
  });

  it('lets a new staff member sign in with the initial password', async () => {
    const fields = newCustomer({ role: 'staff', enabled: true, password: 'first-password-1' });
    await admin.request('POST', '/api/users', fields);

    const signIn = await app
      .client()
      .request('POST', '/api/session', { email: fields.email, password: 'first-password-1' });

    expect(signIn.status).toBe(200);
  });

  it('refuses a second user with the same email, whatever its case', async () => {
    const fields = newCustomer();
    await staff.request('POST', '/api/users', fields);

    const response = await staff.request('POST', '/api/users', {
      ...fields,
      email: fields.email.toUpperCase(),
    });

    expect(response.status).toBe(409);
    expect(response.body.error.details.fieldErrors.email).toBeDefined();
  });

  it('creates exactly one user when the same email is submitted twice at once', async () => {
    const fields = newCustomer();

    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map(() => staff.request('POST', '/api/users', fields)),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it.each([
    ['email', { email: 'not-an-email' }],
    ['name', { name: '' }],
    ['role', { role: 'superuser' }],
    ['address.city', { address: { line1: '1 Main St' } }],
    ['password', { password: 'short' }],
    ['phone', { phone: 'call me maybe' }],
    // QuickBooks would refuse these in the customer (2040), so they are refused before they are stored.
    ['name', { name: 'Ann\tLee' }],
    ['company', { company: 'Acme\nLtd' }],
    ['address.country', { address: { line1: '1 Main St', city: 'Reno', country: 'US\u0000' } }],
  ])('answers 400 naming %s when it is not valid', async (field, overrides) => {
    const response = await staff.request('POST', '/api/users', newCustomer(overrides));

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.fieldErrors).toHaveProperty([field]);
  });

  it('does not let staff create an admin', async () => {
    const response = await staff.request('POST', '/api/users', newCustomer({ role: 'admin' }));

    expect(response.status).toBe(403);
  });
});

describe('editing users', () => {
  it('saves changed fields and clears the ones set to null', async () => {
    const created = (await staff.request('POST', '/api/users', newCustomer())).body;

    const response = await staff.request('PATCH', `/api/users/${created.id}`, {
      name: 'Grace B. Hopper',
      phone: null,
    });

    expect(response.status).toBe(200);
    const reread = (await staff.request('GET', `/api/users/${created.id}`)).body;
    expect(reread.name).toBe('Grace B. Hopper');
    expect(reread).not.toHaveProperty('phone');
    expect(reread.company).toBe('US Navy');
  });

  it('moves the email so the old one is free and the new one is taken', async () => {
    const first = (await staff.request('POST', '/api/users', newCustomer())).body;
    const newEmail = `moved-${first.id}@example.com`;

    await staff.request('PATCH', `/api/users/${first.id}`, { email: newEmail });
    const reuseOld = await staff.request('POST', '/api/users', newCustomer({ email: first.email }));
    const takeNew = await staff.request('POST', '/api/users', newCustomer({ email: newEmail }));

    expect(reuseOld.status).toBe(201);
    expect(takeNew.status).toBe(409);
  });

  it('lets only admins change a role', async () => {
    const created = (await staff.request('POST', '/api/users', newCustomer())).body;

    const byStaff = await staff.request('PATCH', `/api/users/${created.id}`, { role: 'staff' });
    const byAdmin = await admin.request('PATCH', `/api/users/${created.id}`, { role: 'staff' });

    expect(byStaff.status).toBe(403);
    expect(byAdmin.body.role).toBe('staff');
  });

  it('does not let staff reset another staff member’s password', async () => {
    const other = await aUser(app, { role: 'staff' });

    const response = await staff.request('PATCH', `/api/users/${other.id}`, { password: 'taken-over-123' });

    expect(response.status).toBe(403);
  });

  it('answers 404 for an unknown user and 400 for an id that cannot be one', async () => {
    const unknown = await staff.request('PATCH', '/api/users/3f0c7a52-0000-4000-8000-000000000000', {
      name: 'X',
    });
    const malformed = await staff.request('GET', '/api/users/not-an-id');

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fieldErrors).toHaveProperty('id');
  });

  it('answers 400 to an empty change', async () => {
    const created = (await staff.request('POST', '/api/users', newCustomer())).body;

    const response = await staff.request('PATCH', `/api/users/${created.id}`, {});

    expect(response.status).toBe(400);
  });
});

describe('listing users', () => {
  it('finds users by part of their name or email, a page at a time', async () => {
    const tag = `zeta${Date.now()}`;
    for (const name of ['Ann', 'Bob', 'Cid']) {
      await staff.request('POST', '/api/users', newCustomer({ name: `${name} ${tag}` }));
    }
    await staff.request('POST', '/api/users', newCustomer({ name: 'Dee', email: `dee.${tag}@example.com` }));

    const first = await staff.request('GET', `/api/users?q=${tag.toUpperCase()}&limit=3`);
    const second = await staff.request('GET', `/api/users?q=${tag}&limit=3&cursor=${first.body.nextCursor}`);

    expect(first.body.items.map((user: { name: string }) => user.name)).toEqual([
      `Ann ${tag}`,
      `Bob ${tag}`,
      `Cid ${tag}`,
    ]);
    expect(second.body.items.map((user: { name: string }) => user.name)).toEqual(['Dee']);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('filters by role', async () => {
    const response = await staff.request('GET', '/api/users?role=staff&limit=100');

    expect(response.body.items.length).toBeGreaterThan(0);
    expect(response.body.items.every((user: { role: string }) => user.role === 'staff')).toBe(true);
  });

  it('answers 400 to a bad limit or a forged cursor', async () => {
    const badLimit = await staff.request('GET', '/api/users?limit=1000');
    const forged = await staff.request(
      'GET',
      `/api/users?cursor=${Buffer.from('{"GSI2PK":"ISSUES"}').toString('base64url')}`,
    );

    expect(badLimit.body.error.details.fieldErrors).toHaveProperty('limit');
    expect(forged.body.error.details.fieldErrors).toHaveProperty('cursor');
  });
});

describe('what customers may see', () => {
  it('lets an enabled customer see their own profile only, and no user list', async () => {
    const customer = await aUser(app, { role: 'customer', enabled: true, password: 'customer-pass-1' });
    const other = await aUser(app, { role: 'customer' });
    const client = await signedInClient(app, customer, 'customer-pass-1');

    expect((await client.request('GET', `/api/users/${customer.id}`)).status).toBe(200);
    expect((await client.request('GET', `/api/users/${other.id}`)).status).toBe(403);
    expect((await client.request('GET', '/api/users')).status).toBe(403);
    expect((await client.request('POST', '/api/users', newCustomer())).status).toBe(403);
  });
});
