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
      billing: { invoiceDetail: 'entry' },
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
    });
  });

  it('lets an admin choose one invoice line per catalogue entry and rate, keeping the other settings', async () => {
    const before = (await admin.request('GET', '/api/settings')).body;

    const saved = await admin.request('PUT', '/api/settings', {
      billing: { invoiceDetail: 'summary' },
      version: before.version,
    });

    expect(saved.status).toBe(200);
    const shown = (await staff.request('GET', '/api/settings')).body;
    expect(shown).toMatchObject({ billing: { invoiceDetail: 'summary' }, version: before.version + 1 });
    expect(shown.qbo).toEqual(before.qbo);
  });

  it('refuses an invoice detail saved on a stale version, saying why', async () => {
    const { version } = (await admin.request('GET', '/api/settings')).body;
    await admin.request('PUT', '/api/settings', { billing: { invoiceDetail: 'entry' }, version });

    const stale = await admin.request('PUT', '/api/settings', {
      billing: { invoiceDetail: 'summary' },
      version,
    });

    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'conflict',
      message: 'Settings were changed by someone else; reload and try again',
    });
    expect((await admin.request('GET', '/api/settings')).body.billing.invoiceDetail).toBe('entry');
  });

  it('answers 400 for the Invoice item setting, which the billing catalogue replaced', async () => {
    const { version } = (await admin.request('GET', '/api/settings')).body;

    const response = await admin.request('PUT', '/api/settings', {
      qbo: { invoiceItemName: 'Services' },
      version,
    });

    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.details.fieldErrors)).toEqual(['qbo.invoiceItemName']);
    expect(response.body.error.details.fieldErrors['qbo.invoiceItemName'][0]).toMatch(
      /Invoice item setting is gone/,
    );
    expect((await admin.request('GET', '/api/settings')).body.version).toBe(version);
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
    ['billing.invoiceDetail', { billing: { invoiceDetail: 'everything' } }],
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
