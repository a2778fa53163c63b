import { generateSync } from 'otplib';
import { getSettings, putSettings } from '../../shared/settings/settings-repository';
import type { TestApp, TestClient } from './app-harness';

/**
 * Takes over the app's clock (handlers read `runtime.now`, and run in this process), so lock windows,
 * grace periods and TOTP steps can be stepped through. Like a real clock it only moves forward, a
 * millisecond per reading, so audit events keep their order.
 */
export const takeOverClock = (app: TestApp) => {
  // Mid-step, so the ticks never carry a code into the next TOTP step by themselves.
  let now = Math.floor(Date.now() / 30_000) * 30_000 + 10_000;
  const read = () => {
    now += 1;
    return new Date(now);
  };
  app.runtime.now = read;
  return {
    now: read,
    advance: (ms: number) => {
      now += ms;
    },
    /** On to the next TOTP step, so the next code has not been used yet. */
    nextStep: () => {
      now += 30_000;
    },
  };
};
export type TestClock = ReturnType<typeof takeOverClock>;

/** The code an authenticator app would show for `secret` at `at`. */
export const totpCode = (secret: string, at: Date): string =>
  generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });

/** A right-looking code that is not the current one (nor the neighbours'). */
export const wrongCode = (secret: string, at: Date): string => {
  const neighbours = [-30_000, 0, 30_000].map((offset) => totpCode(secret, new Date(at.getTime() + offset)));
  let candidate = 0;
  while (neighbours.includes(String(candidate).padStart(6, '0'))) candidate += 1;
  return String(candidate).padStart(6, '0');
};

/** Enrols the signed-in user through the API, as the Settings page does. */
export const enrolMfa = async (
  client: TestClient,
  clock: TestClock,
): Promise<{ secret: string; recoveryCodes: string[] }> => {
  const setup = await client.request('POST', '/api/mfa/setup');
  if (setup.status !== 200)
    throw new Error(`MFA setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  const { secret } = setup.body;
  const verify = await client.request('POST', '/api/mfa/verify', { code: totpCode(secret, clock.now()) });
  if (verify.status !== 200)
    throw new Error(`MFA confirm failed: ${verify.status} ${JSON.stringify(verify.body)}`);
  clock.nextStep();
  return { secret, recoveryCodes: verify.body.recoveryCodes };
};

/** Passes the sign-in code step with the current code. */
export const passMfa = async (client: TestClient, secret: string, clock: TestClock): Promise<void> => {
  const verify = await client.request('POST', '/api/mfa/verify', { code: totpCode(secret, clock.now()) });
  if (verify.status !== 200)
    throw new Error(`MFA step failed: ${verify.status} ${JSON.stringify(verify.body)}`);
  clock.nextStep();
};

/**
 * Writes the app's MFA enforcement straight to the table, as a test's starting state: enforced at
 * once (no grace period) since just before `at`, or off.
 */
export const setMfaEnforcement = async (
  app: TestApp,
  enforceMfa: boolean,
  at = new Date(),
): Promise<void> => {
  const current = await getSettings(app.runtime.table);
  await putSettings(
    app.runtime.table,
    {
      ...current,
      security: enforceMfa
        ? { enforceMfa, mfaGraceDays: 0, enforcedSince: new Date(at.getTime() - 1000).toISOString() }
        : { enforceMfa, mfaGraceDays: 0 },
      version: current.version + 1,
    },
    current.version,
  );
};
