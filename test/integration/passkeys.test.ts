import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../shared/audit/list-audit-events';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aUser, signedInClient, TEST_PASSWORD } from '../support/builders';
import { enrolMfa, setMfaEnforcement, type TestClock, takeOverClock, totpCode } from '../support/mfa';
import {
  addPasskeyWith,
  aSoftwareAuthenticator,
  passkeyAnswer,
  type SoftwareAuthenticator,
} from '../support/passkeys';

let app: TestApp;
let clock: TestClock;
let site: { rpId: string; origin: string };
beforeAll(async () => {
  app = await startTestApp({ host: 'localhost' });
  clock = takeOverClock(app);
  site = { rpId: 'localhost', origin: app.baseUrl };
});
afterAll(() => app.close());

const setEnforcement = (enforceMfa: boolean) => setMfaEnforcement(app, enforceMfa, clock.now());
beforeEach(() => setEnforcement(false));

/** A staff user with one passkey, and their authenticator. */
const aUserWithPasskey = async (): Promise<{
  user: User;
  client: TestClient;
  key: SoftwareAuthenticator;
  passkeyId: string;
}> => {
  const user = await aUser(app, { role: 'staff' });
  const client = await signedInClient(app, user);
  const key = aSoftwareAuthenticator(site);
  const { id } = await addPasskeyWith(client, key);
  return { user, client, key, passkeyId: id };
};

const signInWithPasskey = async (user: User, key: SoftwareAuthenticator) => {
  const client = await signedInClient(app, user);
  return {
    client,
    verified: await client.request('POST', '/api/mfa/verify', { passkey: await passkeyAnswer(client, key) }),
  };
};

const auditActionsOf = async (user: User) =>
  (await listAuditEvents(app.runtime, { subject: user.id, limit: 100 })).items.map((event) => event.action);

const fieldErrorsOf = (body: { error: { details?: { fieldErrors?: Record<string, string[]> } } }) =>
  body.error.details?.fieldErrors ?? {};

describe('adding passkeys', () => {
  it('lists a passkey once added, by its name, and counts it on the user', async () => {
    const { client } = await aUserWithPasskey();

    const listed = await client.request('GET', '/api/passkeys');
    const session = await client.request('GET', '/api/session');

    expect(listed.status).toBe(200);
    expect(listed.body.passkeys).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'Security key', createdAt: expect.any(String) },
    ]);
    expect(session.body.user.passkeyCount).toBe(1);
  });

  it('refuses the same authenticator twice', async () => {
    const { client, key } = await aUserWithPasskey();
    const options = await client.request('POST', '/api/passkeys/registration-options');

    const again = await client.request('POST', '/api/passkeys', {
      name: 'Again',
      response: key.register(options.body),
    });

    expect(options.body.excludeCredentials).toEqual([expect.objectContaining({ id: key.credentialId })]);
    expect(again.status).toBe(409);
  });

  it('refuses an answer for another site (origin) or another relying party id', async () => {
    const client = await signedInClient(app, await aUser(app, { role: 'staff' }));
    const key = aSoftwareAuthenticator(site);

    const answers = [];
    for (const overrides of [{ origin: 'https://evil.example' }, { rpId: 'evil.example' }]) {
      const options = await client.request('POST', '/api/passkeys/registration-options');
      answers.push(
        await client.request('POST', '/api/passkeys', {
          name: 'Key',
          response: key.register(options.body, overrides),
        }),
      );
    }

    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(fieldErrorsOf(answer.body).response?.[0]).toMatch(/not accepted/);
    }
    expect((await client.request('GET', '/api/passkeys')).body.passkeys).toEqual([]);
  });

  it('takes a registration challenge once', async () => {
    const client = await signedInClient(app, await aUser(app, { role: 'staff' }));
    const options = await client.request('POST', '/api/passkeys/registration-options');
    await client.request('POST', '/api/passkeys', {
      name: 'One',
      response: aSoftwareAuthenticator(site).register(options.body),
    });

    const reused = await client.request('POST', '/api/passkeys', {
      name: 'Two',
      response: aSoftwareAuthenticator(site).register(options.body),
    });

    expect(reused.status).toBe(400);
    expect(fieldErrorsOf(reused.body).response?.[0]).toMatch(/expired or was already used/);
  });

  it('refuses a challenge after five minutes', async () => {
    const client = await signedInClient(app, await aUser(app, { role: 'staff' }));
    const options = await client.request('POST', '/api/passkeys/registration-options');
    clock.advance(5 * 60 * 1000 + 1);

    const late = await client.request('POST', '/api/passkeys', {
      name: 'Late',
      response: aSoftwareAuthenticator(site).register(options.body),
    });

    expect(late.status).toBe(400);
    expect(fieldErrorsOf(late.body).response?.[0]).toMatch(/expired/);
  });

  it('refuses a challenge handed to another session', async () => {
    const user = await aUser(app, { role: 'staff' });
    const first = await signedInClient(app, user);
    const second = await signedInClient(app, user);
    const options = await first.request('POST', '/api/passkeys/registration-options');

    const elsewhere = await second.request('POST', '/api/passkeys', {
      name: 'Key',
      response: aSoftwareAuthenticator(site).register(options.body),
    });

    expect(elsewhere.status).toBe(400);
  });

  it.each([
    [{ name: '', response: {} }, 'name'],
    [{ name: 'Key' }, 'response'],
    [
      {
        name: 'Key',
        response: {
          id: 'a',
          rawId: 'a',
          type: 'public-key',
          response: { clientDataJSON: 'e30', attestationObject: 'oA' },
        },
      },
      'response.response.clientDataJSON',
    ],
    [
      {
        name: 'Key',
        response: {
          id: 'a',
          rawId: 'a',
          type: 'public-key',
          response: { clientDataJSON: '!!', attestationObject: 'oA' },
        },
      },
      'response.response.clientDataJSON',
    ],
  ])('answers bad input %j with a 400 naming %s', async (body, field) => {
    const client = await signedInClient(app, await aUser(app, { role: 'staff' }));

    const response = await client.request('POST', '/api/passkeys', body);

    expect(response.status).toBe(400);
    expect(Object.keys(fieldErrorsOf(response.body))).toContain(field);
  });

  it('ends the other sessions when a passkey is the first second factor', async () => {
    const user = await aUser(app, { role: 'staff' });
    const other = await signedInClient(app, user);
    const client = await signedInClient(app, user);

    await addPasskeyWith(client, aSoftwareAuthenticator(site));

    expect((await other.request('GET', '/api/session')).status).toBe(401);
    expect((await client.request('GET', '/api/session')).status).toBe(200);
  });
});

describe('signing in with a passkey', () => {
  it('asks for the second step after the password, and takes a passkey instead of a code', async () => {
    const { user, key } = await aUserWithPasskey();
    const client = app.client();
    const signIn = await client.request('POST', '/api/session', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    client.cookie = signIn.cookies.map((cookie) => cookie.split(';')[0]).join('; ');
    const blocked = await client.request('GET', '/api/issues');

    const verified = await client.request('POST', '/api/mfa/verify', {
      passkey: await passkeyAnswer(client, key),
    });

    expect(signIn.body.mfa).toBe('required');
    expect(blocked.body.error.code).toBe('mfa_required');
    expect(verified.status).toBe(200);
    expect(verified.body.mfa).toBe('none');
    expect((await client.request('GET', '/api/issues')).status).toBe(200);
    const listed = await client.request('GET', '/api/passkeys');
    expect(listed.body.passkeys[0].lastUsedAt).toEqual(expect.any(String));
  });

  it('takes a sign-in challenge once', async () => {
    const { user, key } = await aUserWithPasskey();
    const client = await signedInClient(app, user);
    const answer = await passkeyAnswer(client, key);
    await client.request('POST', '/api/mfa/verify', { passkey: answer });
    const other = await signedInClient(app, user);

    const replayed = await other.request('POST', '/api/mfa/verify', { passkey: answer });

    expect(replayed.status).toBe(400);
    expect(fieldErrorsOf(replayed.body).passkey?.[0]).toMatch(/expired or was already used/);
  });

  it('refuses a signature counter that does not go up (a cloned key)', async () => {
    const { user, key } = await aUserWithPasskey();
    expect((await signInWithPasskey(user, key)).verified.status).toBe(200);
    const client = await signedInClient(app, user);

    const cloned = await client.request('POST', '/api/mfa/verify', {
      passkey: await passkeyAnswer(client, key, { counter: 1 }),
    });

    expect(cloned.status).toBe(400);
    expect(fieldErrorsOf(cloned.body).passkey?.[0]).toMatch(/counter/i);
    expect((await client.request('GET', '/api/issues')).body.error.code).toBe('mfa_required');
  });

  it.each([[{ origin: 'https://evil.example' }], [{ rpId: 'evil.example' }]])(
    'refuses an answer made for another site (%j)',
    async (overrides) => {
      const { user, key } = await aUserWithPasskey();
      const client = await signedInClient(app, user);

      const refused = await client.request('POST', '/api/mfa/verify', {
        passkey: await passkeyAnswer(client, key, overrides),
      });

      expect(refused.status).toBe(400);
    },
  );

  it("refuses another user's passkey", async () => {
    const { key } = await aUserWithPasskey();
    const { user } = await aUserWithPasskey();
    const client = await signedInClient(app, user);

    const refused = await client.request('POST', '/api/mfa/verify', {
      passkey: await passkeyAnswer(client, key),
    });

    expect(refused.status).toBe(400);
    expect(fieldErrorsOf(refused.body).passkey?.[0]).toMatch(/not added to your account/);
  });

  it('keeps the second step when an authenticator app would be set up instead', async () => {
    const { user } = await aUserWithPasskey();
    const client = await signedInClient(app, user);

    const setup = await client.request('POST', '/api/mfa/setup');
    const adding = await client.request('POST', '/api/passkeys/registration-options');

    expect(setup.body.error.code).toBe('mfa_required');
    expect(adding.body.error.code).toBe('mfa_required');
  });

  it.each([
    [{ passkey: {} }],
    [{ passkey: 'not an answer' }],
    [
      {
        passkey: {
          id: 'a',
          rawId: 'a',
          type: 'public-key',
          response: { clientDataJSON: 'bm90IGpzb24', authenticatorData: 'AA', signature: 'AA' },
        },
      },
    ],
  ])('answers a malformed passkey answer %j with a 400, not a 500', async (body) => {
    const { user } = await aUserWithPasskey();
    const client = await signedInClient(app, user);

    const response = await client.request('POST', '/api/mfa/verify', body);

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
  });

  it('shows passkey use in Activity', async () => {
    const { user, key } = await aUserWithPasskey();
    await signInWithPasskey(user, key);

    const actions = await auditActionsOf(user);

    expect(actions).toEqual(expect.arrayContaining(['passkey.added', 'passkey.used']));
  });
});

describe('removing a passkey', () => {
  it('needs the password and a passkey', async () => {
    const { user, key, passkeyId } = await aUserWithPasskey();
    const { client } = await signInWithPasskey(user, key);

    const wrongPassword = await client.request('DELETE', `/api/passkeys/${passkeyId}`, {
      password: 'not it',
      passkey: await passkeyAnswer(client, key),
    });
    const noFactor = await client.request('DELETE', `/api/passkeys/${passkeyId}`, {
      password: TEST_PASSWORD,
    });
    const removed = await client.request('DELETE', `/api/passkeys/${passkeyId}`, {
      password: TEST_PASSWORD,
      passkey: await passkeyAnswer(client, key),
    });

    expect(wrongPassword.status).toBe(400);
    expect(Object.keys(fieldErrorsOf(wrongPassword.body))).toEqual(['password']);
    expect(noFactor.status).toBe(400);
    expect(Object.keys(fieldErrorsOf(noFactor.body))).toEqual(['code']);
    expect(removed.status).toBe(200);
    expect(removed.body.user.passkeyCount).toBe(0);
    expect((await client.request('GET', '/api/passkeys')).body.passkeys).toEqual([]);
    expect(await auditActionsOf(user)).toContain('passkey.removed');
  });

  it('takes a code from the authenticator app instead, once', async () => {
    const user = await aUser(app, { role: 'staff' });
    const client = await signedInClient(app, user);
    const { secret } = await enrolMfa(client, clock);
    const first = await addPasskeyWith(client, aSoftwareAuthenticator(site), 'First');
    const second = await addPasskeyWith(client, aSoftwareAuthenticator(site), 'Second');
    const code = totpCode(secret, clock.now());

    const removed = await client.request('DELETE', `/api/passkeys/${first.id}`, {
      password: TEST_PASSWORD,
      code,
    });
    const replayed = await client.request('DELETE', `/api/passkeys/${second.id}`, {
      password: TEST_PASSWORD,
      code,
    });

    expect(removed.status).toBe(200);
    expect(replayed.status).toBe(400);
    expect(fieldErrorsOf(replayed.body).code?.[0]).toMatch(/already used/);
  });

  it("answers 404 for another user's passkey, and for one that is gone", async () => {
    const { passkeyId: theirs } = await aUserWithPasskey();
    const { user, key } = await aUserWithPasskey();
    const { client } = await signInWithPasskey(user, key);

    const other = await client.request('DELETE', `/api/passkeys/${theirs}`, {
      password: TEST_PASSWORD,
      passkey: await passkeyAnswer(client, key),
    });
    const missing = await client.request('DELETE', `/api/passkeys/${'0'.repeat(32)}`, {
      password: TEST_PASSWORD,
      passkey: await passkeyAnswer(client, key),
    });
    const badId = await client.request('DELETE', '/api/passkeys/nope', { password: TEST_PASSWORD });

    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(badId.status).toBe(400);
    expect(Object.keys(fieldErrorsOf(badId.body))).toEqual(['id']);
  });
});

describe('Enforce MFA with passkeys', () => {
  it('is satisfied by a passkey alone', async () => {
    await setEnforcement(true);
    const user = await aUser(app, { role: 'staff' });
    const client = await signedInClient(app, user);
    const before = await client.request('GET', '/api/issues');

    await addPasskeyWith(client, aSoftwareAuthenticator(site));
    const after = await client.request('GET', '/api/issues');
    const session = await client.request('GET', '/api/session');

    expect(before.body.error.code).toBe('mfa_setup_required');
    expect(after.status).toBe(200);
    expect(session.body.mfa).toBe('none');
  });

  it('asks a user with only a passkey for it at sign-in, not for setup', async () => {
    const { user, key } = await aUserWithPasskey();
    await setEnforcement(true);

    const client = app.client();
    const signIn = await client.request('POST', '/api/session', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    client.cookie = signIn.cookies.map((cookie) => cookie.split(';')[0]).join('; ');
    await client.request('POST', '/api/mfa/verify', { passkey: await passkeyAnswer(client, key) });

    expect(signIn.body.mfa).toBe('required');
    expect((await client.request('GET', '/api/issues')).status).toBe(200);
  });

  it('keeps the only passkey while MFA is enforced', async () => {
    const { user, key, passkeyId } = await aUserWithPasskey();
    await setEnforcement(true);
    const { client } = await signInWithPasskey(user, key);

    const refused = await client.request('DELETE', `/api/passkeys/${passkeyId}`, {
      password: TEST_PASSWORD,
      passkey: await passkeyAnswer(client, key),
    });

    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/requires MFA/);
  });

  it("an admin's MFA reset removes the user's passkeys", async () => {
    const { user } = await aUserWithPasskey();
    const adminUser = await aUser(app, { role: 'admin' });
    const admin = await signedInClient(app, adminUser);

    const reset = await admin.request('POST', `/api/users/${user.id}/mfa/reset`);

    expect(reset.status).toBe(200);
    expect(reset.body.passkeyCount).toBe(0);
    const client = await signedInClient(app, user);
    expect((await client.request('GET', '/api/passkeys')).body.passkeys).toEqual([]);
  });
});
