import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { ACCOUNT_POLICY, accountSubject, recordFailure } from '../../../shared/auth/sign-in-throttle';
import { getSettings, putSettings } from '../../../shared/settings/settings-repository';
import type { User } from '../../../shared/users/user';
import type { TestApp, TestClient } from '../../support/app-harness';
import { aUser, TEST_PASSWORD } from '../../support/builders';
import { totpCode, wrongCode } from '../../support/mfa';
import { addPasskeyWith, aSoftwareAuthenticator, passkeyAnswer } from '../../support/passkeys';
import type { ContractArea, ContractContext } from '../contract-context';

// Every change here is to users made for it: the shared role users keep their sessions and MFA.
// Codes are for the app's real clock: a user's enrolment spends the current step, so each user
// has one more code to spend, the next step's (its own user for each further use).

const aSignInableUser = (app: TestApp): Promise<User> =>
  aUser(app, { role: 'customer', enabled: true, password: TEST_PASSWORD });

/** The code the authenticator app shows next: good once its enrolment spent the current one. */
const nextCode = (app: TestApp, secret: string) =>
  totpCode(secret, new Date(app.runtime.now().getTime() + 30_000));

/** A user of their own with the authenticator app on, and their verified session. */
const anEnrolledUser = async ({ app, sessionOf }: ContractContext) => {
  const user = await aSignInableUser(app);
  const client = await sessionOf(user);
  const setup = await client.request('POST', '/api/mfa/setup');
  expect(setup.status).toBe(200);
  const { secret } = setup.body;
  const confirmed = await client.request('POST', '/api/mfa/verify', {
    code: totpCode(secret, app.runtime.now()),
  });
  expect(confirmed.status).toBe(200);
  return { user, client, secret: secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
};

const authenticatorOf = (app: TestApp) => aSoftwareAuthenticator({ rpId: 'localhost', origin: app.baseUrl });

/** Runs `work` under MFA enforcement (a grace period of `graceDays`), then puts the settings back. */
const withMfaEnforced = async (app: TestApp, graceDays: number, work: () => Promise<void>) => {
  const { table } = app.runtime;
  const before = await getSettings(table);
  const security = {
    enforceMfa: true,
    mfaGraceDays: graceDays,
    enforcedSince: new Date(app.runtime.now().getTime() - 1000).toISOString(),
  };
  await putSettings(table, { ...before, security, version: before.version + 1 }, before.version);
  try {
    await work();
  } finally {
    const current = await getSettings(table);
    await putSettings(
      table,
      { ...current, security: before.security, version: current.version + 1 },
      current.version,
    );
  }
};

const removePasskey = (client: TestClient, id: string, body: unknown) =>
  client.request('DELETE', `/api/passkeys/${id}`, body);

export const sessionMfaArea: ContractArea = {
  name: 'session and MFA',
  routes: [
    'POST /api/session',
    'GET /api/session',
    'DELETE /api/session',
    'POST /api/mfa/setup',
    'DELETE /api/mfa',
    'POST /api/mfa/recovery-codes',
    'POST /api/users/{id}/mfa/reset',
    'POST /api/mfa/verify',
    'POST /api/mfa/passkey-options',
    'GET /api/passkeys',
    'POST /api/passkeys/registration-options',
    'POST /api/passkeys',
    'DELETE /api/passkeys/{id}',
  ],
  cases: (context) => {
    it('signs in, reads the session and signs out', async () => {
      const { app, signIn } = context();
      const user = await aSignInableUser(app);
      const client = await signIn(user);
      const session = await client.request('GET', '/api/session');
      expect(session.status).toBe(200);
      expect(session.body).toMatchObject({ user: { id: user.id, mfaEnabled: false }, mfa: 'none' });
      expect((await client.request('DELETE', '/api/session')).status).toBe(204);
      expect((await client.request('GET', '/api/session')).status).toBe(401);
      expect((await client.request('DELETE', '/api/session')).status).toBe(401);
    });

    it('refuses a sign-in without credentials, with a wrong password, or while throttled', async () => {
      const { app, anonymous } = context();
      const user = await aSignInableUser(app);
      expect((await anonymous().request('POST', '/api/session', { email: user.email })).status).toBe(400);
      const wrong = await anonymous().request('POST', '/api/session', {
        email: user.email,
        password: 'not the password',
      });
      expect(wrong.status).toBe(401);
      // The account is locked straight in the table: a locked account's sign-in counts no failure.
      const throttled = await aSignInableUser(app);
      for (let failure = 0; failure < ACCOUNT_POLICY.lockAfter; failure += 1)
        await recordFailure(app.runtime.table, accountSubject(throttled.email), app.runtime.now());
      const refused = await anonymous().request('POST', '/api/session', {
        email: throttled.email,
        password: TEST_PASSWORD,
      });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('too_many_attempts');
    });

    it('sets an authenticator app up and passes the sign-in step with a code or a recovery code', async () => {
      const { app, sessionOf, signIn } = context();
      const fresh = await sessionOf(await aSignInableUser(app));
      const tooEarly = await fresh.request('POST', '/api/mfa/verify', { code: '123 456' });
      expect(tooEarly.status).toBe(409);
      expect((await fresh.request('POST', '/api/mfa/verify', { pin: '1' })).status).toBe(400);

      const { user, client, secret, recoveryCodes } = await anEnrolledUser(context());
      expect(recoveryCodes).toHaveLength(10);
      expect((await client.request('POST', '/api/mfa/setup')).status).toBe(409);

      const pending = await signIn(user);
      const session = await pending.request('GET', '/api/session');
      expect(session.body).toMatchObject({ mfa: 'required', user: { mfaEnabled: true } });
      expect((await pending.request('GET', '/api/passkeys')).status).toBe(403);
      const byRecoveryCode = await pending.request('POST', '/api/mfa/verify', {
        recoveryCode: recoveryCodes[0],
      });
      expect(byRecoveryCode.status).toBe(200);
      expect(byRecoveryCode.body.user.mfaRecoveryCodesLeft).toBe(9);

      const again = await signIn(user);
      const wrong = await again.request('POST', '/api/mfa/verify', {
        code: wrongCode(secret, app.runtime.now()),
      });
      expect(wrong.status).toBe(400);
      const byCode = await again.request('POST', '/api/mfa/verify', { code: nextCode(app, secret) });
      expect(byCode.status).toBe(200);
      expect(byCode.body.recoveryCodes).toBeUndefined();
    });

    it('locks MFA after five wrong codes in a row', async () => {
      const { app, signIn } = context();
      const { user, secret } = await anEnrolledUser(context());
      const pending = await signIn(user);
      const code = wrongCode(secret, app.runtime.now());
      const statuses = [];
      for (let attempt = 0; attempt < 5; attempt += 1)
        statuses.push((await pending.request('POST', '/api/mfa/verify', { code })).status);
      expect(statuses).toEqual([400, 400, 400, 400, 423]);
      const locked = await pending.request('POST', '/api/mfa/verify', { code: nextCode(app, secret) });
      expect(locked.status).toBe(423);
      expect(locked.body.error.details.lockedUntil).toBeDefined();
    });

    it('replaces the recovery codes with the password and a code, once per code', async () => {
      const { app, sessionOf } = context();
      const { client, secret } = await anEnrolledUser(context());
      const code = nextCode(app, secret);
      const wrongPassword = await client.request('POST', '/api/mfa/recovery-codes', {
        password: 'not the password',
        code,
      });
      expect(wrongPassword.status).toBe(400);
      const replaced = await client.request('POST', '/api/mfa/recovery-codes', {
        password: TEST_PASSWORD,
        code,
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body.recoveryCodes).toHaveLength(10);
      const reused = await client.request('POST', '/api/mfa/recovery-codes', {
        password: TEST_PASSWORD,
        code,
      });
      expect(reused.status).toBe(400);

      const withoutMfa = await sessionOf(await aSignInableUser(app));
      const refused = await withoutMfa.request('POST', '/api/mfa/recovery-codes', {
        password: TEST_PASSWORD,
        code,
      });
      expect(refused.status).toBe(409);
    });

    it('turns the authenticator app off with the password and a code', async () => {
      const { app } = context();
      const { client, secret } = await anEnrolledUser(context());
      expect((await client.request('DELETE', '/api/mfa', { password: TEST_PASSWORD })).status).toBe(400);
      const off = await client.request('DELETE', '/api/mfa', {
        password: TEST_PASSWORD,
        code: nextCode(app, secret),
      });
      expect(off.status).toBe(200);
      expect(off.body.user.mfaEnabled).toBe(false);
      const again = await client.request('DELETE', '/api/mfa', {
        password: TEST_PASSWORD,
        code: nextCode(app, secret),
      });
      expect(again.status).toBe(409);
    });

    it("lets an admin reset a user's MFA", async () => {
      const { as } = context();
      const { user } = await anEnrolledUser(context());
      expect((await as('staff').request('POST', `/api/users/${user.id}/mfa/reset`)).status).toBe(403);
      expect((await as('admin').request('POST', '/api/users/not-a-user/mfa/reset')).status).toBe(400);
      expect((await as('admin').request('POST', `/api/users/${randomUUID()}/mfa/reset`)).status).toBe(404);
      const reset = await as('admin').request('POST', `/api/users/${user.id}/mfa/reset`);
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ id: user.id, mfaEnabled: false, passkeyCount: 0 });
    });

    it('adds a passkey, passes the sign-in step with it, and removes it', async () => {
      const { app, sessionOf, signIn } = context();
      const user = await aSignInableUser(app);
      const client = await sessionOf(user);
      const key = authenticatorOf(app);
      expect((await client.request('GET', '/api/passkeys')).body).toEqual({ passkeys: [] });
      expect((await client.request('POST', '/api/mfa/passkey-options')).status).toBe(409);

      const options = await client.request('POST', '/api/passkeys/registration-options');
      expect(options.status).toBe(200);
      const response = key.register(options.body);
      expect((await client.request('POST', '/api/passkeys', { name: '', response })).status).toBe(400);
      const added = await client.request('POST', '/api/passkeys', { name: 'Desk key', response });
      expect(added.status).toBe(201);
      // An answer works once: its challenge is spent.
      expect((await client.request('POST', '/api/passkeys', { name: 'Desk key', response })).status).toBe(
        400,
      );
      const twice = await client.request('POST', '/api/passkeys/registration-options');
      const duplicate = await client.request('POST', '/api/passkeys', {
        name: 'Same key',
        response: key.register(twice.body),
      });
      expect(duplicate.status).toBe(409);
      const listed = await client.request('GET', '/api/passkeys');
      expect(listed.body.passkeys).toEqual([
        expect.objectContaining({ id: added.body.id, name: 'Desk key' }),
      ]);

      const pending = await signIn(user);
      expect((await pending.request('POST', '/api/passkeys/registration-options')).status).toBe(403);
      // An authenticator app set up now would pass the step without the passkey.
      expect((await pending.request('POST', '/api/mfa/setup')).status).toBe(403);
      const verified = await pending.request('POST', '/api/mfa/verify', {
        passkey: await passkeyAnswer(pending, key),
      });
      expect(verified.status).toBe(200);
      expect(verified.body.mfa).toBe('none');

      expect(
        (await removePasskey(pending, 'not-an-id', { password: TEST_PASSWORD, code: '000000' })).status,
      ).toBe(400);
      const unknown = await removePasskey(pending, 'f'.repeat(32), {
        password: TEST_PASSWORD,
        code: '000000',
      });
      expect(unknown.status).toBe(404);
      const wrongPassword = await removePasskey(pending, added.body.id, {
        password: 'not the password',
        passkey: await passkeyAnswer(pending, key),
      });
      expect(wrongPassword.status).toBe(400);
      const removed = await removePasskey(pending, added.body.id, {
        password: TEST_PASSWORD,
        passkey: await passkeyAnswer(pending, key),
      });
      expect(removed.status).toBe(200);
      expect(removed.body.user.passkeyCount).toBe(0);
    });

    it('removes a passkey with a code from the authenticator app', async () => {
      const { app } = context();
      const { client, secret } = await anEnrolledUser(context());
      const { id } = await addPasskeyWith(client, authenticatorOf(app));
      const removed = await removePasskey(client, id, {
        password: TEST_PASSWORD,
        code: nextCode(app, secret),
      });
      expect(removed.status).toBe(200);
      expect(removed.body.user).toMatchObject({ mfaEnabled: true, passkeyCount: 0 });
    });

    it('keeps the last second factor while an admin enforces MFA', async () => {
      const { app, sessionOf } = context();
      const enrolled = await anEnrolledUser(context());
      const withPasskey = await sessionOf(await aSignInableUser(app));
      const key = authenticatorOf(app);
      const { id } = await addPasskeyWith(withPasskey, key);
      const newcomer = await sessionOf(await aSignInableUser(app));

      await withMfaEnforced(app, 7, async () => {
        const graced = await newcomer.request('GET', '/api/session');
        expect(graced.status).toBe(200);
        expect(graced.body).toMatchObject({ mfa: 'none', mfaGraceEndsAt: expect.any(String) });
      });
      await withMfaEnforced(app, 0, async () => {
        const required = await newcomer.request('GET', '/api/session');
        expect(required.body.mfa).toBe('setup_required');
        expect((await newcomer.request('GET', '/api/passkeys')).status).toBe(200);
        expect(
          (await newcomer.request('DELETE', '/api/mfa', { password: TEST_PASSWORD, code: '000000' })).status,
        ).toBe(403);
        const keepApp = await enrolled.client.request('DELETE', '/api/mfa', {
          password: TEST_PASSWORD,
          code: nextCode(app, enrolled.secret),
        });
        expect(keepApp.status).toBe(409);
        const keepPasskey = await removePasskey(withPasskey, id, {
          password: TEST_PASSWORD,
          passkey: await passkeyAnswer(withPasskey, key),
        });
        expect(keepPasskey.status).toBe(409);
      });
    });
  },
};
