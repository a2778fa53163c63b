import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../shared/audit/list-audit-events';
import { getUser } from '../../shared/users/user-repository';
import { startTestApp, type TestApp } from '../support/app-harness';
import { aUser, signedInClient, TEST_PASSWORD } from '../support/builders';
import { enrolMfa, passMfa, type TestClock, takeOverClock, totpCode, wrongCode } from '../support/mfa';

let app: TestApp;
let clock: TestClock;
beforeAll(async () => {
  app = await startTestApp();
  clock = takeOverClock(app);
});
afterAll(() => app.close());

/** The user's MFA trail, oldest first (sign-ins are on the same trail). */
const actionsOf = async (userId: string) =>
  (await listAuditEvents(app.runtime, { subject: userId, limit: 100 })).items
    .map((event) => event.action)
    .filter((action) => action.startsWith('mfa.'))
    .reverse();

/** A staff user who has enrolled, and a fresh session of theirs still at the code step. */
const enrolledStaff = async () => {
  const user = await aUser(app, { role: 'staff' });
  const { secret, recoveryCodes } = await enrolMfa(await signedInClient(app, user), clock);
  const client = await signedInClient(app, user);
  return { user, secret, recoveryCodes, client };
};

describe('enrolling in MFA', () => {
  it('shows a QR code and the key for the authenticator app, labelled Deskbooks and the email', async () => {
    const user = await aUser(app, { role: 'staff' });
    const client = await signedInClient(app, user);

    const response = await client.request('POST', '/api/mfa/setup');

    expect(response.status).toBe(200);
    expect(response.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(response.body.otpauthUrl).toContain(`otpauth://totp/Deskbooks:${encodeURIComponent(user.email)}?`);
    expect(response.body.otpauthUrl).toContain(`secret=${response.body.secret}`);
    expect(response.body.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('turns MFA on with a code from the app and shows ten recovery codes once', async () => {
    const user = await aUser(app, { role: 'staff' });
    const client = await signedInClient(app, user);
    const { secret } = (await client.request('POST', '/api/mfa/setup')).body;

    const response = await client.request('POST', '/api/mfa/verify', { code: totpCode(secret, clock.now()) });
    clock.nextStep();

    expect(response.status).toBe(200);
    expect(response.body.recoveryCodes).toHaveLength(10);
    expect(response.body.user).toMatchObject({ mfaEnabled: true, mfaRecoveryCodesLeft: 10 });
    expect((await client.request('GET', '/api/session')).body).toMatchObject({ mfa: 'none' });
    expect(await actionsOf(user.id)).toEqual(['mfa.enrolled']);
  });

  it('keeps the secret encrypted and only hashes of the recovery codes', async () => {
    const user = await aUser(app, { role: 'staff' });
    const { secret, recoveryCodes } = await enrolMfa(await signedInClient(app, user), clock);

    const stored = JSON.stringify((await getUser(app.runtime.table, user.id))?.mfa);

    expect(stored).toContain('"keyId"');
    expect(stored).not.toContain(secret);
    for (const code of recoveryCodes) expect(stored).not.toContain(code);
  });

  it('says how many tries are left after a wrong code, and keeps MFA off', async () => {
    const user = await aUser(app, { role: 'staff' });
    const client = await signedInClient(app, user);
    const { secret } = (await client.request('POST', '/api/mfa/setup')).body;

    const response = await client.request('POST', '/api/mfa/verify', {
      code: wrongCode(secret, clock.now()),
    });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors.code[0]).toContain('4 tries left');
    expect((await client.request('GET', '/api/session')).body.user.mfaEnabled).toBe(false);
  });

  it("ends the user's other sessions and keeps the one that enrolled", async () => {
    const user = await aUser(app, { role: 'staff' });
    const other = await signedInClient(app, user);
    const client = await signedInClient(app, user);

    await enrolMfa(client, clock);

    expect((await other.request('GET', '/api/issues')).status).toBe(401);
    expect((await client.request('GET', '/api/issues')).status).toBe(200);
  });

  it('refuses to start over while MFA is on', async () => {
    const { client, secret } = await enrolledStaff();
    await passMfa(client, secret, clock);

    const response = await client.request('POST', '/api/mfa/setup');

    expect(response.status).toBe(409);
  });
});

describe('the sign-in code step', () => {
  it('asks for a code after the password, and answers nothing else until it is given', async () => {
    const { user, secret } = await enrolledStaff();
    const client = app.client();

    const signIn = await client.request('POST', '/api/session', {
      email: user.email,
      password: TEST_PASSWORD,
    });
    client.cookie = signIn.cookies.map((cookie) => cookie.split(';')[0]).join('; ');
    const before = await client.request('GET', '/api/issues');
    const verify = await client.request('POST', '/api/mfa/verify', { code: totpCode(secret, clock.now()) });
    const after = await client.request('GET', '/api/issues');

    expect(signIn.body.mfa).toBe('required');
    expect(before.status).toBe(403);
    expect(before.body.error.code).toBe('mfa_required');
    expect(verify.status).toBe(200);
    expect(after.status).toBe(200);
    expect(await actionsOf(user.id)).toEqual(['mfa.enrolled', 'mfa.verified']);
  });

  it('accepts the code of the previous step, for a phone a little behind', async () => {
    const { client, secret } = await enrolledStaff();
    clock.nextStep();

    const response = await client.request('POST', '/api/mfa/verify', {
      code: totpCode(secret, new Date(clock.now().getTime() - 30_000)),
    });

    expect(response.status).toBe(200);
  });

  it('refuses a code that was already used, even from another session', async () => {
    const { user, client, secret } = await enrolledStaff();
    const code = totpCode(secret, clock.now());
    await client.request('POST', '/api/mfa/verify', { code });
    const second = await signedInClient(app, user);

    const replay = await second.request('POST', '/api/mfa/verify', { code });

    expect(replay.status).toBe(400);
    expect(replay.body.error.details.fieldErrors.code[0]).toContain('already used');
    expect((await second.request('GET', '/api/issues')).body.error.code).toBe('mfa_required');
  });

  it('lets only one of two parallel requests use the same code', async () => {
    const { user, client, secret } = await enrolledStaff();
    const second = await signedInClient(app, user);
    const code = totpCode(secret, clock.now());

    const answers = await Promise.all(
      [client, second, client, second].map((c) => c.request('POST', '/api/mfa/verify', { code })),
    );

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400, 400, 400]);
  });

  it('locks MFA for 15 minutes after 5 wrong codes, saying until when, then lets the right code in', async () => {
    const { user, client, secret } = await enrolledStaff();
    const lockedAt = clock.now();

    const wrong = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      wrong.push(await client.request('POST', '/api/mfa/verify', { code: wrongCode(secret, clock.now()) }));
    }
    const rightButLocked = await client.request('POST', '/api/mfa/verify', {
      code: totpCode(secret, clock.now()),
    });
    clock.advance(15 * 60 * 1000);
    const afterLock = await client.request('POST', '/api/mfa/verify', {
      code: totpCode(secret, clock.now()),
    });

    expect(wrong.slice(0, 4).map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    expect(wrong[4]?.status).toBe(423);
    expect(wrong[4]?.body.error.code).toBe('mfa_locked');
    const lockedFor = Date.parse(wrong[4]?.body.error.details.lockedUntil) - lockedAt.getTime();
    expect(lockedFor).toBeGreaterThanOrEqual(15 * 60 * 1000);
    expect(lockedFor).toBeLessThan(16 * 60 * 1000);
    expect(wrong[4]?.body.error.message).toMatch(/locked for 15 more minutes, until \d\d:\d\d UTC/);
    expect(wrong[4]?.headers.get('retry-after')).toBe('900');
    expect(rightButLocked.status).toBe(423);
    expect(afterLock.status).toBe(200);
    expect(await actionsOf(user.id)).toEqual([
      'mfa.enrolled',
      ...Array(5).fill('mfa.failed'),
      'mfa.locked',
      'mfa.verified',
    ]);
  });

  it('counts recovery-code guesses toward the lock', async () => {
    const { client, secret } = await enrolledStaff();

    for (let attempt = 0; attempt < 3; attempt += 1) {
      await client.request('POST', '/api/mfa/verify', { code: wrongCode(secret, clock.now()) });
    }
    await client.request('POST', '/api/mfa/verify', { recoveryCode: 'aaaaa-aaaaa' });
    const fifth = await client.request('POST', '/api/mfa/verify', { recoveryCode: 'bbbbb-bbbbb' });

    expect(fifth.status).toBe(423);
  });

  it('starts the count afresh after a right code', async () => {
    const { user, client, secret } = await enrolledStaff();
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await client.request('POST', '/api/mfa/verify', { code: wrongCode(secret, clock.now()) });
    }
    await passMfa(client, secret, clock);
    const next = await signedInClient(app, user);

    const answer = await next.request('POST', '/api/mfa/verify', { code: wrongCode(secret, clock.now()) });

    expect(answer.status).toBe(400);
    expect(answer.body.error.details.fieldErrors.code[0]).toContain('4 tries left');
  });
});

describe('recovery codes', () => {
  it('lets a recovery code in once, and shows how many are left', async () => {
    const { user, client, recoveryCodes } = await enrolledStaff();
    const [code] = recoveryCodes;

    const first = await client.request('POST', '/api/mfa/verify', { recoveryCode: code?.toUpperCase() });
    const again = await (await signedInClient(app, user)).request('POST', '/api/mfa/verify', {
      recoveryCode: code,
    });

    expect(first.status).toBe(200);
    expect(first.body.user.mfaRecoveryCodesLeft).toBe(9);
    expect((await client.request('GET', '/api/session')).body.user.mfaRecoveryCodesLeft).toBe(9);
    expect(again.status).toBe(400);
    expect(await actionsOf(user.id)).toEqual(['mfa.enrolled', 'mfa.recovery_code_used', 'mfa.failed']);
  });

  it('replaces them with the password and a current code, and the old ones stop working', async () => {
    const { user, client, secret, recoveryCodes } = await enrolledStaff();
    await passMfa(client, secret, clock);
    const other = await signedInClient(app, user);

    const response = await client.request('POST', '/api/mfa/recovery-codes', {
      password: TEST_PASSWORD,
      code: totpCode(secret, clock.now()),
    });
    clock.nextStep();
    const oldCode = await (await signedInClient(app, user)).request('POST', '/api/mfa/verify', {
      recoveryCode: recoveryCodes[0],
    });
    const newCode = await (await signedInClient(app, user)).request('POST', '/api/mfa/verify', {
      recoveryCode: response.body.recoveryCodes[0],
    });

    expect(response.status).toBe(200);
    expect(response.body.recoveryCodes).toHaveLength(10);
    expect(response.body.recoveryCodes).not.toContain(recoveryCodes[0]);
    expect((await other.request('GET', '/api/session')).status).toBe(401);
    expect(oldCode.status).toBe(400);
    expect(newCode.status).toBe(200);
  });

  it('refuses to replace them with a wrong password', async () => {
    const { client, secret } = await enrolledStaff();
    await passMfa(client, secret, clock);

    const response = await client.request('POST', '/api/mfa/recovery-codes', {
      password: 'not the password',
      code: totpCode(secret, clock.now()),
    });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty('password');
  });
});

describe('turning MFA off', () => {
  it('needs the password and a current code, then ends the other sessions', async () => {
    const { user, client, secret } = await enrolledStaff();
    await passMfa(client, secret, clock);
    const other = await signedInClient(app, user);

    const withoutCode = await client.request('DELETE', '/api/mfa', { password: TEST_PASSWORD });
    const response = await client.request('DELETE', '/api/mfa', {
      password: TEST_PASSWORD,
      code: totpCode(secret, clock.now()),
    });

    expect(withoutCode.status).toBe(400);
    expect(response.status).toBe(200);
    expect(response.body.user.mfaEnabled).toBe(false);
    expect((await other.request('GET', '/api/session')).status).toBe(401);
    expect(
      (await app.client().request('POST', '/api/session', { email: user.email, password: TEST_PASSWORD }))
        .body.mfa,
    ).toBe('none');
    expect(await actionsOf(user.id)).toEqual(['mfa.enrolled', 'mfa.verified', 'mfa.disabled']);
  });

  it('is refused from a session that has not passed the code step', async () => {
    const { client, secret } = await enrolledStaff();

    const response = await client.request('DELETE', '/api/mfa', {
      password: TEST_PASSWORD,
      code: totpCode(secret, clock.now()),
    });

    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('mfa_required');
  });
});
