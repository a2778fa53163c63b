import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../../../shared/crypto/token-cipher';

const key = () => randomBytes(32);

describe('token cipher', () => {
  it('round-trips a token without the plaintext appearing in the ciphertext', () => {
    const cipher = createTokenCipher({ activeKeyId: 'k1', keys: { k1: key() } });

    const sealed = cipher.encrypt('RT1-refresh-token');

    expect(JSON.stringify(sealed)).not.toContain('RT1');
    expect(cipher.decrypt(sealed)).toBe('RT1-refresh-token');
  });

  it('still opens values sealed under an older key after rotation', () => {
    const keys = { k1: key(), k2: key() };
    const sealedBefore = createTokenCipher({ activeKeyId: 'k1', keys }).encrypt('old');

    const rotated = createTokenCipher({ activeKeyId: 'k2', keys });

    expect(rotated.decrypt(sealedBefore)).toBe('old');
    expect(rotated.encrypt('new').keyId).toBe('k2');
  });

  it('refuses a tampered ciphertext', () => {
    const cipher = createTokenCipher({ activeKeyId: 'k1', keys: { k1: key() } });
    const sealed = cipher.encrypt('secret');

    const tampered = { ...sealed, data: Buffer.from('x'.repeat(6)).toString('base64') };

    expect(() => cipher.decrypt(tampered)).toThrow();
  });
});
