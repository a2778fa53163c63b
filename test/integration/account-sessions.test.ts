import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWER_ADDRESS_HEADER } from '../../shared/http/client-info';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aUser, signedInClient, TEST_PASSWORD } from '../support/builders';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

/** A browser of its own: its own user agent on every request, and its own cookie. */
const browserOf = async (user: Pick<User, 'email'>, userAgent: string, password = TEST_PASSWORD) => {
  const client = app.client();
  const signIn = await client.request(
    'POST',
    '/api/session',
    { email: user.email, password },
    {
      'user-agent': userAgent,
    },
  );
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status}`);
  client.cookie = signIn.cookies.map((cookie) => cookie.split(';')[0]).join('; ');
  const request = client.request.bind(client);
  client.request = (method, path, body, headers = {}) =>
    request(method, path, body, { 'user-agent': userAgent, ...headers });
  return client;
};

const isSignedIn = async (client: TestClient) => (await client.request('GET', '/api/session')).status === 200;

describe('the list of sessions', () => {
  it("lists the user's own live sessions with the device and where from, the current one first", async () => {
    const staff = await aUser(app, { role: 'staff' });
    const laptop = await browserOf(staff, FIREFOX_ON_WINDOWS);
    await browserOf(staff, SAFARI_ON_IPHONE);
    const someoneElse = await aUser(app, { role: 'staff' });
    await browserOf(someoneElse, FIREFOX_ON_WINDOWS);

    const list = await laptop.request('GET', '/api/sessions');

    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[0]).toMatchObject({ current: true, device: 'Firefox on Windows' });
    expect(list.body.items[1]).toMatchObject({
      current: false,
      device: 'Safari on iOS',
      address: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: SAFARI_ON_IPHONE,
    });
    expect(list.body.items[1].id).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(list.body)).not.toMatch(/tokenHash|sid=/);
  });

  it('records where a session came from as the site saw it, not as the client claims', async () => {
    const staff = await aUser(app, { role: 'staff' });
    const client = app.client();
    const spoofed = { [VIEWER_ADDRESS_HEADER]: '203.0.113.9', 'x-forwarded-for': '203.0.113.9' };
    const signIn = await client.request(
      'POST',
      '/api/session',
      { email: staff.email, password: TEST_PASSWORD },
      spoofed,
    );
    client.cookie = signIn.cookies.map((cookie) => cookie.split(';')[0]).join('; ');

    const [session] = (await client.request('GET', '/api/sessions', undefined, spoofed)).body.items;

    expect(session.address).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(session)).not.toContain('203.0.113.9');
  });

  it('signs one other session out, and that browser is signed out at once', async () => {
    const staff = await aUser(app, { role: 'staff' });
    const laptop = await browserOf(staff, FIREFOX_ON_WINDOWS);
    const phone = await browserOf(staff, SAFARI_ON_IPHONE);
    const phoneSession = (await laptop.request('GET', '/api/sessions')).body.items.find(
      (session: { current: boolean }) => !session.current,
    );

    const revoked = await laptop.request('DELETE', `/api/sessions/${phoneSession.id}`);

    expect(revoked.status).toBe(204);
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);
    expect((await laptop.request('GET', '/api/sessions')).body.items).toHaveLength(1);
  });

  it("signing out the current session from the list clears the cookie; another user's session is not found", async () => {
    const staff = await aUser(app, { role: 'staff' });
    const laptop = await browserOf(staff, FIREFOX_ON_WINDOWS);
    const other = await browserOf(
      await aUser(app, { role: 'customer', password: TEST_PASSWORD, enabled: true }),
      SAFARI_ON_IPHONE,
    );
    const otherId = (await other.request('GET', '/api/sessions')).body.items[0].id;
    const ownId = (await laptop.request('GET', '/api/sessions')).body.items[0].id;

    const notMine = await laptop.request('DELETE', `/api/sessions/${otherId}`);
    const unknown = await laptop.request('DELETE', `/api/sessions/${'0'.repeat(32)}`);
    const malformed = await laptop.request('DELETE', '/api/sessions/not-a-session');
    const own = await laptop.request('DELETE', `/api/sessions/${ownId}`);

    expect(notMine.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fieldErrors.id).toBeDefined();
    expect(await isSignedIn(other)).toBe(true);
    expect(own.status).toBe(204);
    expect(own.cookies.join(';')).toMatch(/sid=;/);
    expect(await isSignedIn(laptop)).toBe(false);
  });

  it('"Sign out everywhere else" ends every other session and keeps this one', async () => {
    const staff = await aUser(app, { role: 'staff' });
    const laptop = await browserOf(staff, FIREFOX_ON_WINDOWS);
    const phone = await browserOf(staff, SAFARI_ON_IPHONE);
    const tablet = await browserOf(staff, SAFARI_ON_IPHONE);

    const answer = await laptop.request('DELETE', '/api/sessions');

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ endedSessions: 2 });
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(tablet)).toBe(false);
    expect(await isSignedIn(laptop)).toBe(true);
  });
});

describe('changing a password', () => {
  it('with the current password: the new one works, the old one not, and every other session ends', async () => {
    const staff = await aUser(app, { role: 'staff' });
    const laptop = await browserOf(staff, FIREFOX_ON_WINDOWS);
    const phone = await browserOf(staff, SAFARI_ON_IPHONE);

    const changed = await laptop.request('PUT', '/api/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a much better passphrase',
    });

    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ endedSessions: 1 });
    expect(await isSignedIn(laptop)).toBe(true);
    expect(await isSignedIn(phone)).toBe(false);
    const withOld = await app
      .client()
      .request('POST', '/api/session', { email: staff.email, password: TEST_PASSWORD });
    expect(withOld.status).toBe(401);
    await signedInClient(app, staff, 'a much better passphrase');
  });

  it.each([
    [{ currentPassword: 'not my password', newPassword: 'a much better passphrase' }, 'currentPassword'],
    [{ currentPassword: TEST_PASSWORD, newPassword: 'short' }, 'newPassword'],
    [{ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }, 'newPassword'],
    [{ newPassword: 'a much better passphrase' }, 'currentPassword'],
    [{ currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(201) }, 'newPassword'],
  ])('refuses %j with 400 on %s and changes nothing', async (body, field) => {
    const staff = await aUser(app, { role: 'staff' });
    const laptop = await browserOf(staff, FIREFOX_ON_WINDOWS);
    const phone = await browserOf(staff, SAFARI_ON_IPHONE);

    const refused = await laptop.request('PUT', '/api/password', body);

    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fieldErrors[field]).toBeDefined();
    expect(await isSignedIn(phone)).toBe(true);
    await signedInClient(app, staff);
  });

  it("by an admin on the user page: every session of that user ends, the admin's own stays", async () => {
    const staff = await aUser(app, { role: 'staff' });
    const laptop = await browserOf(staff, FIREFOX_ON_WINDOWS);
    const phone = await browserOf(staff, SAFARI_ON_IPHONE);
    const admin = await signedInClient(app, await aUser(app, { role: 'admin' }));

    const reset = await admin.request('PATCH', `/api/users/${staff.id}`, { password: 'set by the admin 1' });

    expect(reset.status).toBe(200);
    expect(await isSignedIn(laptop)).toBe(false);
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(admin)).toBe(true);
    await signedInClient(app, staff, 'set by the admin 1');
  });

  it('a profile change without a password leaves the sessions alone', async () => {
    const staff = await aUser(app, { role: 'staff' });
    const laptop = await browserOf(staff, FIREFOX_ON_WINDOWS);
    const admin = await signedInClient(app, await aUser(app, { role: 'admin' }));

    await admin.request('PATCH', `/api/users/${staff.id}`, { name: 'Renamed Person' });

    expect(await isSignedIn(laptop)).toBe(true);
  });
});

describe('Security → Activity', () => {
  it('shows admins password changes and session revocations, with who, when and from where, paged', async () => {
    const staff = await aUser(app, { role: 'staff' });
    const laptop = await browserOf(staff, FIREFOX_ON_WINDOWS);
    await browserOf(staff, SAFARI_ON_IPHONE);
    await laptop.request('DELETE', '/api/sessions');
    await laptop.request('PUT', '/api/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'another good passphrase',
    });
    const adminUser = await aUser(app, { role: 'admin' });
    const admin = await signedInClient(app, adminUser);

    const first = await admin.request('GET', '/api/security/activity?limit=3');
    const second = await admin.request(
      'GET',
      `/api/security/activity?limit=3&cursor=${first.body.nextCursor}`,
    );

    expect(first.status).toBe(200);
    expect(first.body.items.map((event: { action: string }) => event.action)).toEqual([
      'signin.succeeded',
      'password.changed',
      'session.revoked_others',
    ]);
    expect(first.body.items[0]).toMatchObject({ subject: adminUser.id, subjectName: adminUser.name });
    expect(first.body.items[1]).toMatchObject({
      subject: staff.id,
      actorId: staff.id,
      actorName: staff.name,
      device: 'Firefox on Windows',
      details: { endedSessions: 0, address: expect.any(String) },
    });
    expect(second.body.items[0]).toMatchObject({ action: 'signin.succeeded', device: 'Safari on iOS' });
  });

  it('is for admins only', async () => {
    const staff = await signedInClient(app, await aUser(app, { role: 'staff' }));

    const refused = await staff.request('GET', '/api/security/activity');

    expect(refused.status).toBe(403);
  });
});
