import { generateSecret, generateURI, verifySync } from 'otplib';

// RFC 6238 as every authenticator app reads it by default: SHA-1, 6 digits, 30-second steps.
const TOTP_OPTIONS = { algorithm: 'sha1', digits: 6, period: 30 } as const;
/** Accept the step before and after the current one, for phones whose clocks drift. */
const DRIFT_SECONDS = TOTP_OPTIONS.period;
const TOTP_ISSUER = 'Deskbooks';

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);
/** RFC 6238's T: whole periods since the Unix epoch. */
const totpStepAt = (at: Date): number => Math.floor(epochSeconds(at) / TOTP_OPTIONS.period);

/** A new 160-bit secret, base32 as authenticator apps take it. */
export const createTotpSecret = (): string => generateSecret({ length: 20 });

/** The otpauth:// URI the QR code carries; the label is the user's email so the app shows whose code it is. */
export const totpUri = (secret: string, accountName: string): string =>
  generateURI({ issuer: TOTP_ISSUER, label: accountName, secret, ...TOTP_OPTIONS });

/**
 * The time step a code belongs to, if it is right at `at` (±1 step), else undefined. The caller
 * refuses steps already used: a code is good once.
 */
export const matchTotpCode = (secret: string, code: string, at: Date): number | undefined => {
  if (!/^\d{6}$/.test(code)) return undefined;
  const epoch = epochSeconds(at);
  const result = verifySync({ secret, token: code, epoch, epochTolerance: DRIFT_SECONDS, ...TOTP_OPTIONS });
  return result.valid ? totpStepAt(at) + result.delta : undefined;
};
