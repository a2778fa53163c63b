import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { anIssue, aUser, signedInClient } from '../support/builders';

let app: TestApp;
let staff: TestClient;
let requestor: User;
beforeAll(async () => {
  app = await startTestApp();
  staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
  requestor = await aUser(app, { role: 'customer', name: 'Ruth Requestor' });
});
afterAll(() => app.close());

describe('creating and editing issues', () => {
  it('creates an issue with billing fields and shows its requestor', async () => {
    const response = await staff.request('POST', '/api/issues', {
      title: 'Printer offline',
      requestorId: requestor.id,
      billingEmail: 'AP@Example.com',
      billingAddress: { line1: '1 Billing Way', city: 'Austin', region: 'TX', postalCode: '78701' },
    });

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      title: 'Printer offline',
      status: 'open',
      billingEmail: 'ap@example.com',
      requestor: { id: requestor.id, name: 'Ruth Requestor' },
    });
    const shown = await staff.request('GET', `/api/issues/${response.body.id}`);
    expect(shown.body.billingAddress.city).toBe('Austin');
  });

  it('numbers issues uniquely even when many are created at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        staff.request('POST', '/api/issues', { title: `Burst ${index}`, requestorId: requestor.id }),
      ),
    );

    const ids = responses.map((response) => response.body.id);
    expect(new Set(ids).size).toBe(10);
  });

  it.each([
    ['title', { title: '' }],
    ['requestorId', { requestorId: '' }],
    ['billingEmail', { billingEmail: 'nope' }],
    ['status', { status: 'done' }],
  ])('answers 400 naming %s when it is not valid', async (field, overrides) => {
    const response = await staff.request('POST', '/api/issues', {
      title: 'T',
      requestorId: requestor.id,
      ...overrides,
    });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty([field]);
  });

  it('answers 400 naming requestorId when no such user exists', async () => {
    const response = await staff.request('POST', '/api/issues', { title: 'T', requestorId: 'no-such-user' });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty('requestorId');
  });

  it('edits fields and keeps the rest', async () => {
    const issue = await anIssue(app, { requestorId: requestor.id, title: 'Before' });

    const response = await staff.request('PATCH', `/api/issues/${issue.id}`, { status: 'resolved' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ title: 'Before', status: 'resolved' });
  });

  it.each([
    ['creating', 'POST', '150.00'],
    ['editing', 'PATCH', '150.00'],
    ['clearing', 'PATCH', null],
  ])('answers 400 naming amount when %s one: billable work replaced it', async (_doing, method, amount) => {
    const issue = await anIssue(app, { requestorId: requestor.id, title: 'Unchanged' });
    const path = method === 'POST' ? '/api/issues' : `/api/issues/${issue.id}`;

    const response = await staff.request(method, path, { title: 'T', requestorId: requestor.id, amount });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toEqual({
      amount: ['Amount is gone: log the work under Billable work'],
    });
    expect((await staff.request('GET', `/api/issues/${issue.id}`)).body.title).toBe('Unchanged');
  });

  it('answers 404 for an unknown issue and 400 for a non-numeric id', async () => {
    expect((await staff.request('GET', '/api/issues/999999')).status).toBe(404);
    expect((await staff.request('GET', '/api/issues/abc')).status).toBe(400);
  });
});

describe('listing issues', () => {
  it('lists newest first with a cursor, and filters by status', async () => {
    const own = await aUser(app, { role: 'customer' });
    const made = [];
    for (const status of ['open', 'closed', 'open'] as const)
      made.push(await anIssue(app, { requestorId: own.id, status }));

    const page = await staff.request('GET', '/api/issues?limit=2');
    const next = await staff.request('GET', `/api/issues?limit=2&cursor=${page.body.nextCursor}`);
    const closed = await staff.request('GET', '/api/issues?status=closed&limit=100');

    expect(page.body.items.map((issue: { id: number }) => issue.id)).toEqual([made[2]?.id, made[1]?.id]);
    expect(next.body.items[0].id).toBe(made[0]?.id);
    expect(page.body.items[0].requestor.id).toBe(own.id);
    expect(closed.body.items.every((issue: { status: string }) => issue.status === 'closed')).toBe(true);
    expect(closed.body.items.map((issue: { id: number }) => issue.id)).toContain(made[1]?.id);
  });

  it('shows a customer only the issues they requested', async () => {
    const customer = await aUser(app, { role: 'customer', enabled: true, password: 'customer-pass-1' });
    const mine = await anIssue(app, { requestorId: customer.id });
    const theirs = await anIssue(app, { requestorId: requestor.id });
    const client = await signedInClient(app, customer, 'customer-pass-1');

    const list = await client.request('GET', '/api/issues');

    expect(list.body.items.map((issue: { id: number }) => issue.id)).toEqual([mine.id]);
    expect((await client.request('GET', `/api/issues/${mine.id}`)).status).toBe(200);
    expect((await client.request('GET', `/api/issues/${theirs.id}`)).status).toBe(403);
    expect((await client.request('PATCH', `/api/issues/${mine.id}`, { title: 'Mine now' })).status).toBe(403);
  });
});
