import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app-harness';
import { aUser, signedInClient, TEST_PASSWORD } from '../support/builders';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('signing in and out', () => {
  it('signs in with the right password and sets an HttpOnly session cookie', async () => {
    const staff = await aUser(app, { role: 'staff' });

    const response = await app
      .client()
      .request('POST', '/api/session', { email: staff.email, password: TEST_PASSWORD });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      user: { id: staff.id, email: staff.email, role: 'staff' },
      mfa: 'none',
    });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    expect(response.cookies[0]).toMatch(/^sid=[0-9a-f-]{36}\.[\w-]{40,};.*HttpOnly.*SameSite=Lax/);
  });

  it('refuses a session cookie whose user part was changed to another user', async () => {
    const staff = await aUser(app, { role: 'staff' });
    const admin = await aUser(app, { role: 'admin' });
    const client = await signedInClient(app, staff);
    const secret = (client.cookie ?? '').split('.').slice(1).join('.');

    const forged = await app.client(`sid=${admin.id}.${secret}`).request('GET', '/api/session');

    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('unauthenticated');
  });

  it('accepts the email in any letter case', async () => {
    const staff = await aUser(app, { role: 'staff' });

    const response = await app
      .client()
      .request('POST', '/api/session', { email: staff.email.toUpperCase(), password: TEST_PASSWORD });

    expect(response.status).toBe(200);
  });

  it.each([
    [
      'a wrong password',
      async () => ({ email: (await aUser(app, { role: 'staff' })).email, password: 'wrong password!' }),
    ],
    ['an unknown email', async () => ({ email: 'nobody@example.com', password: TEST_PASSWORD })],
    [
      'a disabled account',
      async () => ({
        email: (await aUser(app, { role: 'staff', enabled: false })).email,
        password: TEST_PASSWORD,
      }),
    ],
  ])('refuses %s with the same message', async (_case, credentials) => {
    const response = await app.client().request('POST', '/api/session', await credentials());

    expect(response.status).toBe(401);
    expect(response.body.error).toEqual({
      code: 'unauthenticated',
      message: 'Email or password is incorrect',
    });
  });

  it('names the missing field when the sign-in form is empty', async () => {
    const response = await app.client().request('POST', '/api/session', { email: '' });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(Object.keys(response.body.error.details.fieldErrors)).toEqual(
      expect.arrayContaining(['email', 'password']),
    );
  });

  it('refuses a body that is not JSON, and a form post, without a 500', async () => {
    const notJson = await app.client().request('POST', '/api/session', '{oops');
    const formPost = await app.client().request('POST', '/api/session', 'email=a&password=b', {
      'content-type': 'application/x-www-form-urlencoded',
    });

    expect(notJson.status).toBe(400);
    expect(notJson.body.error.details.fieldErrors).toHaveProperty('body');
    expect(formPost.status).toBe(400);
    expect(formPost.body.error.details.fieldErrors).toHaveProperty('content-type');
  });

  it('tells who is signed in, and nothing after signing out', async () => {
    const staff = await aUser(app, { role: 'staff' });
    const client = await signedInClient(app, staff);

    const whoAmI = await client.request('GET', '/api/session');
    const signOut = await client.request('DELETE', '/api/session');
    const afterwards = await client.request('GET', '/api/session');

    expect(whoAmI.body.user.id).toBe(staff.id);
    expect(signOut.status).toBe(204);
    expect(signOut.cookies[0]).toMatch(/^sid=;.*Max-Age=0/);
    expect(afterwards.status).toBe(401);
  });

  it('answers 401 to a request without a session', async () => {
    const response = await app.client().request('GET', '/api/issues');

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
  });

  it('ends the session of a user who was disabled meanwhile', async () => {
    const staff = await aUser(app, { role: 'staff' });
    const admin = await aUser(app, { role: 'admin' });
    const staffClient = await signedInClient(app, staff);
    const adminClient = await signedInClient(app, admin);

    await adminClient.request('PATCH', `/api/users/${staff.id}`, { enabled: false });
    const response = await staffClient.request('GET', '/api/issues');

    expect(response.status).toBe(401);
  });

  it('sends security headers on API responses', async () => {
    const response = await app.client().request('GET', '/api/session');

    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
  });
});
