import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { createTotpSecret, matchTotpCode, totpUri } from '../../../../../shared/auth/mfa/totp';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (epochSeconds: number) => new Date(epochSeconds * 1000);
const codeAt = (secret: string, epochSeconds: number) => generateSync({ secret, epoch: epochSeconds });

describe('TOTP codes', () => {
  // The RFC's 8-digit values, cut to the 6 digits authenticator apps show.
  it.each([
    [59, '287082', 1],
    [1111111109, '081804', 37037036],
    [1111111111, '050471', 37037037],
    [1234567890, '005924', 41152263],
    [2000000000, '279037', 66666666],
    [20000000000, '353130', 666666666],
  ])('accepts the RFC 6238 code at %i s and names its time step', (epoch, code, step) => {
    expect(matchTotpCode(RFC_SECRET, code, at(epoch))).toBe(step);
  });

  it('accepts the code of the step before and after, for a phone whose clock drifts', () => {
    const now = 1_800_000_015;

    expect(matchTotpCode(RFC_SECRET, codeAt(RFC_SECRET, now - 30), at(now))).toBe(60_000_000 - 1);
    expect(matchTotpCode(RFC_SECRET, codeAt(RFC_SECRET, now + 30), at(now))).toBe(60_000_000 + 1);
  });

  it('refuses a code two steps old or two steps ahead', () => {
    const now = 1_800_000_015;

    expect(matchTotpCode(RFC_SECRET, codeAt(RFC_SECRET, now - 60), at(now))).toBeUndefined();
    expect(matchTotpCode(RFC_SECRET, codeAt(RFC_SECRET, now + 60), at(now))).toBeUndefined();
  });

  it('refuses a wrong code', () => {
    const right = codeAt(RFC_SECRET, 1_800_000_015);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');

    expect(matchTotpCode(RFC_SECRET, wrong, at(1_800_000_015))).toBeUndefined();
  });

  it.each(['', '12345', '1234567', '12345a', ' 123456'])('refuses %j without throwing', (code) => {
    expect(matchTotpCode(RFC_SECRET, code, at(1_800_000_015))).toBeUndefined();
  });

  it('gives each user a new 160-bit base32 secret', () => {
    const first = createTotpSecret();
    const second = createTotpSecret();

    expect(first).toMatch(/^[A-Z2-7]{32}$/);
    expect(second).not.toBe(first);
  });

  it('builds the otpauth URI authenticator apps scan: issuer Deskbooks, the email as label', () => {
    const uri = totpUri(RFC_SECRET, 'sam@example.com');
    const query = new URLSearchParams(uri.split('?')[1]);

    expect(uri).toMatch(/^otpauth:\/\/totp\/Deskbooks:sam%40example\.com\?/);
    expect(query.get('secret')).toBe(RFC_SECRET);
    expect(query.get('issuer')).toBe('Deskbooks');
    expect(query.get('algorithm') ?? 'SHA1').toBe('SHA1');
    expect(query.get('digits') ?? '6').toBe('6');
    expect(query.get('period') ?? '30').toBe('30');
  });
});
