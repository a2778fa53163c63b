import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../shared/audit/list-audit-events';
import { getSettings, putSettings } from '../../shared/settings/settings-repository';
import { SETTINGS_AUDIT_SUBJECT } from '../../shared/settings/update-settings';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aUser, signedInClient, TEST_PASSWORD } from '../support/builders';
import { enrolMfa, passMfa, type TestClock, takeOverClock, totpCode } from '../support/mfa';

const DAY_MS = 24 * 60 * 60 * 1000;

let app: TestApp;
let clock: TestClock;
let adminUser: User;
let adminSecret: string;
let admin: TestClient;
beforeAll(async () => {
  app = await startTestApp();
  clock = takeOverClock(app);
  adminUser = await aUser(app, { role: 'admin' });
  ({ secret: adminSecret } = await enrolMfa(await signedInClient(app, adminUser), clock));
});
afterAll(() => app.close());

// Settings are app-wide: every test starts from nothing enforced, with an admin freshly signed in
// (a test that moves the clock on a day outlives any session).
beforeEach(async () => {
  const current = await getSettings(app.runtime.table);
  await putSettings(
    app.runtime.table,
    { ...current, security: { enforceMfa: false, mfaGraceDays: 0 }, version: current.version + 1 },
    current.version,
  );
  admin = await signedInClient(app, adminUser);
  await passMfa(admin, adminSecret, clock);
});

const enforce = async (security: { enforceMfa?: boolean; mfaGraceDays?: number }) => {
  const { version } = (await admin.request('GET', '/api/settings')).body;
  const response = await admin.request('PUT', '/api/settings', { security, version });
  if (response.status !== 200)
    throw new Error(`enforcing failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};

describe('Enforce MFA', () => {
  it('takes a session already open to MFA setup, and lets it go once setup is done', async () => {
    const staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
    expect((await staff.request('GET', '/api/issues')).status).toBe(200);

    await enforce({ enforceMfa: true });
    const blocked = await staff.request('GET', '/api/issues');
    const session = await staff.request('GET', '/api/session');
    await enrolMfa(staff, clock);
    const released = await staff.request('GET', '/api/issues');

    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('mfa_setup_required');
    expect(session.body.mfa).toBe('setup_required');
    expect(released.status).toBe(200);
  });

  it('says setup_required at sign-in for a user without MFA', async () => {
    const staff = await aUser(app, { role: 'staff' });
    await enforce({ enforceMfa: true });

    const signIn = await app
      .client()
      .request('POST', '/api/session', { email: staff.email, password: TEST_PASSWORD });

    expect(signIn.body.mfa).toBe('setup_required');
  });

  it('gives a grace period with its end date, then requires setup once it is over', async () => {
    const staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
    const { security } = await enforce({ enforceMfa: true, mfaGraceDays: 1 });

    const during = await staff.request('GET', '/api/session');
    const workDuring = await staff.request('GET', '/api/issues');
    // Keep the session alive across the day (it ends after 12 idle hours).
    for (const hours of [10, 10, 4]) {
      clock.advance(hours * 60 * 60 * 1000);
      await staff.request('GET', '/api/session');
    }
    clock.advance(60 * 60 * 1000);
    const after = await staff.request('GET', '/api/session');
    const workAfter = await staff.request('GET', '/api/issues');

    expect(during.body).toMatchObject({
      mfa: 'none',
      mfaGraceEndsAt: new Date(Date.parse(security.enforcedSince) + DAY_MS).toISOString(),
    });
    expect(workDuring.status).toBe(200);
    expect(after.body.mfa).toBe('setup_required');
    expect(after.body).not.toHaveProperty('mfaGraceEndsAt');
    expect(workAfter.body.error.code).toBe('mfa_setup_required');
  });

  it('applies a shortened grace period at once', async () => {
    const staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
    await enforce({ enforceMfa: true, mfaGraceDays: 7 });
    expect((await staff.request('GET', '/api/issues')).status).toBe(200);

    await enforce({ mfaGraceDays: 0 });

    expect((await staff.request('GET', '/api/issues')).body.error.code).toBe('mfa_setup_required');
  });

  it('refuses to let a user turn MFA off while it is enforced, saying why', async () => {
    const user = await aUser(app, { role: 'staff' });
    const staff = await signedInClient(app, user);
    const { secret } = await enrolMfa(staff, clock);
    await enforce({ enforceMfa: true });

    const response = await staff.request('DELETE', '/api/mfa', {
      password: TEST_PASSWORD,
      code: totpCode(secret, clock.now()),
    });

    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('cannot turn it off');
    expect((await staff.request('GET', '/api/session')).body.user.mfaEnabled).toBe(true);
  });

  it('cannot be turned on by an admin without MFA, who is told to enable their own first', async () => {
    const other = await signedInClient(app, await aUser(app, { role: 'admin' }));
    const { version } = (await other.request('GET', '/api/settings')).body;

    const response = await other.request('PUT', '/api/settings', { security: { enforceMfa: true }, version });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors['security.enforceMfa'][0]).toContain(
      'Enable MFA for your own account',
    );
    expect((await other.request('GET', '/api/settings')).body.security.enforceMfa).toBe(false);
  });

  it('writes each enforcement change to the audit trail', async () => {
    const before = (await listAuditEvents(app.runtime, { subject: SETTINGS_AUDIT_SUBJECT, limit: 100 })).items
      .length;

    await enforce({ enforceMfa: true, mfaGraceDays: 3 });

    const [latest, ...older] = (
      await listAuditEvents(app.runtime, { subject: SETTINGS_AUDIT_SUBJECT, limit: 100 })
    ).items;
    expect(older).toHaveLength(before);
    expect(latest).toMatchObject({
      action: 'mfa.enforcement_changed',
      details: { enforceMfa: { from: false, to: true }, mfaGraceDays: { from: 0, to: 3 } },
    });
  });
});

describe('an admin resetting a user’s MFA', () => {
  it("clears it, ends the user's sessions and audits it; under enforcement the user enrols again", async () => {
    const user = await aUser(app, { role: 'staff' });
    const staff = await signedInClient(app, user);
    await enrolMfa(staff, clock);
    await enforce({ enforceMfa: true });

    const response = await admin.request('POST', `/api/users/${user.id}/mfa/reset`);
    const signIn = await app
      .client()
      .request('POST', '/api/session', { email: user.email, password: TEST_PASSWORD });

    expect(response.status).toBe(200);
    expect(response.body.mfaEnabled).toBe(false);
    expect((await staff.request('GET', '/api/session')).status).toBe(401);
    expect(signIn.body.mfa).toBe('setup_required');
    const [latest] = (await listAuditEvents(app.runtime, { subject: user.id, limit: 10 })).items.filter(
      (event) => event.action.startsWith('mfa.'),
    );
    expect(latest).toMatchObject({
      action: 'mfa.reset',
      actorId: adminUser.id,
      details: { hadMfa: true, endedSessions: 1 },
    });
  });

  it('is for admins only', async () => {
    const target = await aUser(app, { role: 'staff' });
    const staff = await signedInClient(app, await aUser(app, { role: 'staff' }));

    const response = await staff.request('POST', `/api/users/${target.id}/mfa/reset`);

    expect(response.status).toBe(403);
  });
});
