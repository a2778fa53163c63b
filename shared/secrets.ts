import { hkdfSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { KeyRing } from './crypto/token-cipher';
import * as z from './validation/zod';

// One flat shape for the Secrets Manager secret (AWS) and the local secrets file (one machine):
// `encryptionKey.<id>` fields hold key material (Secrets Manager can generate them); rotating adds a
// new id and points `activeKeyId` at it, while older ids keep decrypting what they sealed.
const KEY_FIELD_PREFIX = 'encryptionKey.';
const AppSecretsSchema = /* @__PURE__ */ z.lazy(() =>
  z.catchall(
    z.object({
      intuitClientId: z._default(z.string(), ''),
      intuitClientSecret: z._default(z.string(), ''),
      intuitWebhookVerifierToken: z._default(z.string(), ''),
      activeKeyId: z.string().check(z.minLength(1)),
    }),
    z.unknown(),
  ),
);

const deriveKey = (material: string, keyId: string) =>
  Buffer.from(hkdfSync('sha256', material, 'deskbooks', `token-encryption:${keyId}`, 32));

export type AppSecrets = {
  intuitClientId: string;
  intuitClientSecret: string;
  /** The Intuit app's webhook verifier token: what signs each webhook delivery. Empty: webhooks refused. */
  intuitWebhookVerifierToken: string;
  keyRing: KeyRing;
};

const toAppSecrets = (raw: unknown): AppSecrets => {
  const parsed = AppSecretsSchema.parse(raw);
  const keys: Record<string, Buffer> = {};
  for (const [field, material] of Object.entries(parsed)) {
    if (!field.startsWith(KEY_FIELD_PREFIX)) continue;
    if (typeof material !== 'string' || material.length < 32) {
      throw new Error(`Secret field ${field} must be a string of at least 32 characters`);
    }
    const keyId = field.slice(KEY_FIELD_PREFIX.length);
    keys[keyId] = deriveKey(material, keyId);
  }
  return {
    intuitClientId: parsed.intuitClientId,
    intuitClientSecret: parsed.intuitClientSecret,
    intuitWebhookVerifierToken: parsed.intuitWebhookVerifierToken,
    keyRing: { activeKeyId: parsed.activeKeyId, keys },
  };
};

export type SecretsSource =
  | { kind: 'secrets-manager'; region: string; secretId: string }
  | { kind: 'file'; path: string };

// Its SDK client loads with the first read (a chunk of its own) and is kept for later reads, so
// functions that never read a secret never load it.
const secretsManagerReader = (region: string, secretId: string) => {
  let sdk: Promise<typeof import('@aws-sdk/client-secrets-manager')> | undefined;
  let client: SecretsManagerClient | undefined;
  return async (): Promise<string> => {
    sdk ??= import('@aws-sdk/client-secrets-manager');
    const { GetSecretValueCommand, SecretsManagerClient: Client } = await sdk;
    client ??= new Client({
      region,
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
    });
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return result.SecretString ?? '{}';
  };
};

/** Reads a secret's JSON text from Secrets Manager (AWS) or a file of the same shape (one machine). */
export const secretReader = (source: SecretsSource): (() => Promise<string>) =>
  source.kind === 'file'
    ? () => readFile(source.path, 'utf8')
    : secretsManagerReader(source.region, source.secretId);

/** Loads the secrets once per cold start; later calls share the same promise. */
export const createSecretsLoader = (source: SecretsSource): (() => Promise<AppSecrets>) => {
  const read = secretReader(source);
  let loading: Promise<AppSecrets> | undefined;
  return () => {
    loading ??= read()
      .then((text) => toAppSecrets(JSON.parse(text)))
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  };
};
