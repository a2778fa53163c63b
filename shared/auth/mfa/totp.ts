import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// RFC 6238 TOTP as every authenticator app reads it by default: HMAC-SHA-1, 6 digits, 30-second
// steps, the secret in base32 (RFC 4648). node:crypto does the HMAC; the tests check these codes
// against otplib and oathtool, two implementations written by others.
const PERIOD_SECONDS = 30;
const DIGITS = 6;
const SECRET_BYTES = 20;
const TOTP_ISSUER = 'Deskbooks';
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const toBase32 = (bytes: Uint8Array): string => {
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += BASE32_ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return bits > 0 ? text + BASE32_ALPHABET[(buffer << (5 - bits)) & 31] : text;
};

const fromBase32 = (text: string): Buffer => {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.toUpperCase().replace(/=+$/, '')) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) throw new Error('A TOTP secret must be base32');
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
      buffer &= (1 << bits) - 1;
    }
  }
  return Buffer.from(bytes);
};

/** RFC 4226's HOTP value for one counter (here, a time step), as the 6 digits an app shows. */
const codeForStep = (key: Buffer, step: number): string => {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const truncated = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(truncated % 10 ** DIGITS).padStart(DIGITS, '0');
};

/** RFC 6238's T: whole periods since the Unix epoch. */
const totpStepAt = (at: Date): number => Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);

/** A new 160-bit secret, base32 as authenticator apps take it. */
export const createTotpSecret = (): string => toBase32(randomBytes(SECRET_BYTES));

/** The otpauth:// URI the QR code carries; the label is the user's email so the app shows whose code it is. */
export const totpUri = (secret: string, accountName: string): string =>
  `otpauth://totp/${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(accountName)}` +
  `?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(TOTP_ISSUER)}`;

/**
 * The time step a code belongs to, if it is right at `at` (the current step, or the one before or
 * after for phones whose clocks drift), else undefined. The caller refuses steps already used: a
 * code is good once.
 */
export const matchTotpCode = (secret: string, code: string, at: Date): number | undefined => {
  if (!/^\d{6}$/.test(code)) return undefined;
  const key = fromBase32(secret);
  const now = totpStepAt(at);
  return [now, now - 1, now + 1].find(
    (step) => step >= 0 && timingSafeEqual(Buffer.from(codeForStep(key, step)), Buffer.from(code)),
  );
};
