import { describe, expect, it } from 'vitest';
import { createRecoveryCodes, hashRecoveryCode } from '../../../../../shared/auth/mfa/recovery-codes';

describe('recovery codes', () => {
  it('makes ten different codes easy to read off paper, and stores only their hashes', () => {
    const { codes, hashes } = createRecoveryCodes();

    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    expect(hashes).toEqual(codes.map(hashRecoveryCode));
    expect(hashes.join()).not.toContain(codes[0]);
  });

  it('accepts a code typed in capitals, with spaces or without its dash', () => {
    const hash = hashRecoveryCode('abcde-fghjk');

    expect(hashRecoveryCode('ABCDE-FGHJK')).toBe(hash);
    expect(hashRecoveryCode(' abcde fghjk ')).toBe(hash);
    expect(hashRecoveryCode('abcdefghjk')).toBe(hash);
  });
});
