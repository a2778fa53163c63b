import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestResponse } from '../support/app-harness';
import { aUser, signedInClient, TEST_PASSWORD } from '../support/builders';

// Every request here comes from one address (the test's loopback), so the address's own limit is
// tested last, and the clock moves past each lock instead of waiting.
let app: TestApp;
let clockOffsetMs = 0;
beforeAll(async () => {
  app = await startTestApp();
  app.runtime.now = () => new Date(Date.now() + clockOffsetMs);
});
afterAll(() => app.close());

const MINUTE = 60_000;
// biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field
type Answer = TestResponse<any>;
/** Moves the app's clock on, past every lock and window of the tests before. */
const laterBy = (ms: number) => {
  clockOffsetMs += ms;
};

const signIn = (email: string, password: string) =>
  app.client().request('POST', '/api/session', { email, password });

const wrongPasswords = async (email: string, count: number) => {
  const answers: Answer[] = [];
  for (let attempt = 0; attempt < count; attempt += 1)
    answers.push(await signIn(email, `wrong password ${attempt}`));
  return answers;
};

/** What a prober compares between two answers: everything but the time they name. */
const shapeOf = (response: Answer) => ({
  status: response.status,
  code: response.body.error?.code,
  message: String(response.body.error?.message ?? '').replace(/\d\d:\d\d:\d\d/, 'hh:mm:ss'),
  fields: Object.keys(response.body.error?.details ?? {}).sort(),
  retryAfter: response.headers.has('retry-after'),
});

describe('sign-in throttling per account', () => {
  it('locks an account after a run of wrong passwords and refuses even the right one until the period ends', async () => {
    laterBy(60 * MINUTE);
    const staff = await aUser(app, { role: 'staff' });

    const answers = await wrongPasswords(staff.email, 30);
    const rightDuringLock = await signIn(staff.email, TEST_PASSWORD);

    expect(answers.slice(0, 4).map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    expect(answers.slice(4).every((answer) => answer.status === 429)).toBe(true);
    expect(answers[29]?.body.error.code).toBe('too_many_attempts');
    expect(rightDuringLock.status).toBe(429);
    expect(rightDuringLock.body.error.code).toBe('too_many_attempts');
    expect(Number(rightDuringLock.headers.get('retry-after'))).toBeGreaterThan(10 * 60);
    const retryAt = Date.parse(rightDuringLock.body.error.details.retryAt);
    expect(retryAt - app.runtime.now().getTime()).toBeLessThanOrEqual(15 * MINUTE);
    expect(rightDuringLock.body.error.message).toMatch(/Try again after \d\d:\d\d:\d\d UTC/);

    laterBy(15 * MINUTE + 1000);
    const afterThePeriod = await signIn(staff.email, TEST_PASSWORD);
    expect(afterThePeriod.status).toBe(200);
  });

  it('slows down after five wrong passwords: the next attempt must wait, and waiting is enough', async () => {
    laterBy(60 * MINUTE);
    const staff = await aUser(app, { role: 'staff' });

    const answers = await wrongPasswords(staff.email, 5);
    const fifth = answers[4];
    expect(fifth?.status).toBe(429);
    expect(Number(fifth?.headers.get('retry-after'))).toBeLessThanOrEqual(2);

    laterBy(2000);
    expect((await signIn(staff.email, TEST_PASSWORD)).status).toBe(200);
    // A success starts the count again: four more wrong passwords do not slow it down.
    const again = await wrongPasswords(staff.email, 4);
    expect(again.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
  });

  it('answers an unknown email exactly as it answers a wrong password, locked or not', async () => {
    laterBy(60 * MINUTE);
    const staff = await aUser(app, { role: 'staff' });

    const disabledUser = await aUser(app, { role: 'staff', enabled: false });
    // An hour apart, so the address's own count (below its limit in each run) starts again.
    const known = await wrongPasswords(staff.email, 12);
    laterBy(60 * MINUTE);
    const unknown = await wrongPasswords('nobody-here@example.com', 12);
    laterBy(60 * MINUTE);
    const disabled = await wrongPasswords(disabledUser.email, 12);

    expect(known.map(shapeOf)).toEqual(unknown.map(shapeOf));
    expect(disabled.map(shapeOf)).toEqual(unknown.map(shapeOf));
    expect(known[0]?.body).toEqual(unknown[0]?.body);
  });

  it('lets an admin see the lock on the user page and lift it at once', async () => {
    laterBy(60 * MINUTE);
    const locked = await aUser(app, { role: 'customer', enabled: true, password: TEST_PASSWORD });
    const admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
    const staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
    await wrongPasswords(locked.email, 12);

    const seen = await staff.request('GET', `/api/users/${locked.id}/sign-in-lock`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ locked: true, failures: 10 });
    expect(Date.parse(seen.body.until)).toBeGreaterThan(app.runtime.now().getTime());

    const byStaff = await staff.request('DELETE', `/api/users/${locked.id}/sign-in-lock`);
    expect(byStaff.status).toBe(403);
    const unlocked = await admin.request('DELETE', `/api/users/${locked.id}/sign-in-lock`);
    expect(unlocked.status).toBe(204);

    expect((await signIn(locked.email, TEST_PASSWORD)).status).toBe(200);
    expect((await staff.request('GET', `/api/users/${locked.id}/sign-in-lock`)).body).toEqual({
      locked: false,
      failures: 0,
    });
  });

  it('counts wrong current passwords on "Change password" toward the same lock', async () => {
    laterBy(60 * MINUTE);
    const staff = await aUser(app, { role: 'staff' });
    const client = await signedInClient(app, staff);

    const answers: Answer[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1)
      answers.push(
        await client.request('PUT', '/api/password', {
          currentPassword: `guess ${attempt}`,
          newPassword: 'a brand new password',
        }),
      );

    expect(answers[0]?.status).toBe(400);
    expect(answers[0]?.body.error.details.fieldErrors.currentPassword).toBeDefined();
    expect(answers[9]?.status).toBe(429);
    expect((await signIn(staff.email, TEST_PASSWORD)).status).toBe(429);
  });
});

describe('sign-in throttling per client address', () => {
  it('slows down one address trying many accounts, whoever it signs in as next', async () => {
    laterBy(60 * MINUTE);
    const someone = await aUser(app, { role: 'staff' });

    const guesses: Answer[] = [];
    for (let account = 0; account < 20; account += 1)
      guesses.push(await signIn(`stuffed-${account}@example.com`, 'Password1!'));
    const next = await signIn(someone.email, TEST_PASSWORD);

    expect(guesses.slice(0, 19).every((answer) => answer.status === 401)).toBe(true);
    expect(guesses[19]?.status).toBe(429);
    expect(next.status).toBe(429);
    expect(next.body.error.code).toBe('too_many_attempts');
  });
});

describe('the audit trail of sign-ins', () => {
  it('records failures, locks, refusals and successes with where they came from', async () => {
    laterBy(60 * MINUTE);
    const staff = await aUser(app, { role: 'staff' });
    await wrongPasswords(staff.email, 11);
    laterBy(16 * MINUTE);
    await signIn(staff.email, TEST_PASSWORD);
    const admin = await signedInClient(app, await aUser(app, { role: 'admin' }));

    const activity = await admin.request('GET', '/api/security/activity?limit=100');

    expect(activity.status).toBe(200);
    const mine = activity.body.items.filter((event: { subject: string }) => event.subject === staff.id);
    const actions = mine.map((event: { action: string }) => event.action);
    expect(actions[0]).toBe('signin.succeeded');
    expect(actions).toContain('signin.locked');
    expect(actions).toContain('signin.refused');
    expect(actions.filter((action: string) => action === 'signin.failed')).toHaveLength(10);
    expect(mine[0]).toMatchObject({
      subjectName: staff.name,
      details: { email: staff.email, address: expect.any(String) },
    });
  });
});
