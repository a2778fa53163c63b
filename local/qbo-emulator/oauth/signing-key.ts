import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';

export interface SigningKey {
  kid: string;
  jwk: Record<string, unknown>;
  signJwt(claims: Record<string, unknown>): string;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

// One RSA key per emulator run: ID tokens are RS256 with a `kid`, like Intuit's.
export const createSigningKey = (): SigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  return {
    kid,
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' },
    signJwt: (claims) => {
      const input = `${base64url({ alg: 'RS256', kid, typ: 'JWT' })}.${base64url(claims)}`;
      const signature = createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url');
      return `${input}.${signature}`;
    },
  };
};
