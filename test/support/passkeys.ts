import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { TestClient } from './app-harness';

// A software authenticator, as a security key would answer (WebAuthn §6.1, "none" attestation):
// a P-256 key pair, authenticator data with the relying party's hash, flags and a signature counter,
// and ES256 signatures over it and the client data. The server's real library checks what it makes.

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL = 0x40;

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
const base64url = (data: Uint8Array) => Buffer.from(data).toString('base64url');

export type AnswerOverrides = { origin?: string; rpId?: string; counter?: number };

export const aSoftwareAuthenticator = (site: { rpId: string; origin: string }) => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  // RFC 9053's EC2 key: kty 2 (EC2), alg -7 (ES256), crv 1 (P-256), then x and y.
  const coseKey = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'))],
    [-3, new Uint8Array(Buffer.from(jwk.y ?? '', 'base64url'))],
  ]);
  const credentialId = randomBytes(32);
  let counter = 0;

  const authenticatorData = (rpId: string, signCount: number, attested?: Uint8Array) => {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(signCount);
    const flags = FLAG_USER_PRESENT | FLAG_USER_VERIFIED | (attested ? FLAG_ATTESTED_CREDENTIAL : 0);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  };
  const clientData = (type: string, challenge: string, origin: string) =>
    Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

  return {
    credentialId: base64url(credentialId),
    /** What `navigator.credentials.create` would hand back for these options. */
    register(
      options: Pick<PublicKeyCredentialCreationOptionsJSON, 'challenge'>,
      overrides: AnswerOverrides = {},
    ): RegistrationResponseJSON {
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(credentialId.length);
      const attested = Buffer.concat([Buffer.alloc(16), idLength, credentialId, isoCBOR.encode(coseKey)]);
      const authData = authenticatorData(overrides.rpId ?? site.rpId, counter, attested);
      const attestation = new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', new Uint8Array(authData)],
      ]);
      return {
        id: base64url(credentialId),
        rawId: base64url(credentialId),
        type: 'public-key',
        response: {
          clientDataJSON: base64url(
            clientData('webauthn.create', options.challenge, overrides.origin ?? site.origin),
          ),
          attestationObject: base64url(isoCBOR.encode(attestation as never)),
          transports: ['usb'],
        },
        clientExtensionResults: {},
      };
    },
    /** What `navigator.credentials.get` would hand back: a signature with the next counter value. */
    assert(
      options: Pick<PublicKeyCredentialRequestOptionsJSON, 'challenge'>,
      overrides: AnswerOverrides = {},
    ): AuthenticationResponseJSON {
      counter = overrides.counter ?? counter + 1;
      const authData = authenticatorData(overrides.rpId ?? site.rpId, counter);
      const data = clientData('webauthn.get', options.challenge, overrides.origin ?? site.origin);
      const signature = sign('sha256', Buffer.concat([authData, sha256(data)]), privateKey);
      return {
        id: base64url(credentialId),
        rawId: base64url(credentialId),
        type: 'public-key',
        response: {
          clientDataJSON: base64url(data),
          authenticatorData: base64url(authData),
          signature: base64url(signature),
        },
        clientExtensionResults: {},
      };
    },
  };
};
export type SoftwareAuthenticator = ReturnType<typeof aSoftwareAuthenticator>;

/** Adds a passkey through the API, as Settings → Security does. */
export const addPasskeyWith = async (
  client: TestClient,
  authenticator: SoftwareAuthenticator,
  name = 'Security key',
): Promise<{ id: string; name: string }> => {
  const options = await client.request('POST', '/api/passkeys/registration-options');
  if (options.status !== 200)
    throw new Error(`passkey options failed: ${options.status} ${JSON.stringify(options.body)}`);
  const added = await client.request('POST', '/api/passkeys', {
    name,
    response: authenticator.register(options.body),
  });
  if (added.status !== 201)
    throw new Error(`adding a passkey failed: ${added.status} ${JSON.stringify(added.body)}`);
  return added.body;
};

/** A passkey's answer to a fresh challenge of the sign-in step (or of a removal). */
export const passkeyAnswer = async (
  client: TestClient,
  authenticator: SoftwareAuthenticator,
  overrides: AnswerOverrides = {},
): Promise<AuthenticationResponseJSON> => {
  const options = await client.request('POST', '/api/mfa/passkey-options');
  if (options.status !== 200)
    throw new Error(`passkey sign-in options failed: ${options.status} ${JSON.stringify(options.body)}`);
  return authenticator.assert(options.body, overrides);
};
