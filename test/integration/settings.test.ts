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

describe('settings', () => {
  it('starts with every toggle off', async () => {
    const response = await staff.request('GET', '/api/settings');

    expect(response.body).toMatchObject({
      qbo: { syncUser: false, syncInvoice: false },
      security: { enforceMfa: false, mfaGraceDays: 0 },
    });
  });

  it('lets an admin turn a toggle on, and everyone sees it', async () => {
    const { version } = (await admin.request('GET', '/api/settings')).body;

    const saved = await admin.request('PUT', '/api/settings', { qbo: { syncUser: true }, version });

    expect(saved.status).toBe(200);
    expect((await staff.request('GET', '/api/settings')).body.qbo).toEqual({
      syncUser: true,
      syncInvoice: false,
      invoiceItemName: 'Services',
    });
  });

  it('refuses a save based on a stale version, so two admins cannot overwrite each other', async () => {
    const { version } = (await admin.request('GET', '/api/settings')).body;
    await admin.request('PUT', '/api/settings', { qbo: { syncInvoice: true }, version });

    const stale = await admin.request('PUT', '/api/settings', { qbo: { syncInvoice: false }, version });

    expect(stale.status).toBe(409);
    expect((await admin.request('GET', '/api/settings')).body.qbo.syncInvoice).toBe(true);
  });

  it('does not let staff change settings', async () => {
    const { version } = (await staff.request('GET', '/api/settings')).body;

    const response = await staff.request('PUT', '/api/settings', { qbo: { syncUser: false }, version });

    expect(response.status).toBe(403);
  });

  it.each([
    ['qbo.syncUser', { qbo: { syncUser: 'yes' } }],
    ['security.mfaGraceDays', { security: { mfaGraceDays: -1 } }],
    ['qbo.invoiceItemName', { qbo: { invoiceItemName: '  ' } }],
    ['version', {}],
  ])('answers 400 naming %s when it is not valid', async (field, body) => {
    const response = await admin.request('PUT', '/api/settings', {
      version: 0,
      ...body,
      ...(field === 'version' ? { version: 'x' } : {}),
    });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty([field]);
  });
});
