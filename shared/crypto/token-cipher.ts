import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptedValue } from './encrypted-value';

export type KeyRing = { activeKeyId: string; keys: Record<string, Buffer> };

export type TokenCipher = {
  encrypt(plaintext: string): EncryptedValue;
  decrypt(value: EncryptedValue): string;
};

/** Seals secrets at rest (QBO tokens, TOTP secrets) under AES-256-GCM with the active key. */
export const createTokenCipher = (ring: KeyRing): TokenCipher => {
  const keyFor = (keyId: string) => {
    const key = ring.keys[keyId];
    if (key?.length !== 32) throw new Error(`Encryption key ${keyId} is missing or not 256 bits`);
    return key;
  };
  keyFor(ring.activeKeyId);
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyFor(ring.activeKeyId), iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        keyId: ring.activeKeyId,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      };
    },
    decrypt(value) {
      const decipher = createDecipheriv('aes-256-gcm', keyFor(value.keyId), Buffer.from(value.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(value.data, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
};
