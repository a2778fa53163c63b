import { isConditionFailure } from '../../db/table';
import { ConflictError } from '../../errors';
import type { User } from '../../users/user';
import { assertSecondStepPassed } from '../mfa-gate';
import type { Session } from '../session-types';
import type { MfaDeps } from './mfa-deps';
import { savePendingMfa } from './mfa-repository';
import { createTotpSecret, totpUri } from './totp';

export type MfaSetup = { otpauthUrl: string; secret: string; qrSvg: string };

const alreadyOnError = () =>
  new ConflictError('MFA is already on for your account. Turn it off first to use a new authenticator.');

/**
 * Starts enrolment: a new secret waits, encrypted, until the user confirms it with a code. The secret
 * is shown this once, as a QR code and as text for manual entry.
 */
export const startMfaSetup = async (
  deps: MfaDeps,
  input: { actor: User; session: Session },
): Promise<MfaSetup> => {
  if (input.actor.mfa?.enabledAt) throw alreadyOnError();
  assertSecondStepPassed(input.actor, input.session);
  const secret = createTotpSecret();
  const cipher = await deps.loadCipher();
  try {
    await savePendingMfa(deps.table, input.actor, cipher.encrypt(secret), deps.now());
  } catch (error) {
    if (isConditionFailure(error)) throw alreadyOnError();
    throw error;
  }
  const otpauthUrl = totpUri(secret, input.actor.email);
  // Only this route of the MFA function draws a QR code: qrcode (with pngjs, ~55 KB) loads here.
  const { toString: qrCodeToString } = await import('qrcode');
  const qrSvg = await qrCodeToString(otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { otpauthUrl, secret, qrSvg };
};
