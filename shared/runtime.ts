import { relyingPartyOf } from './auth/passkeys/relying-party';
import { loadConfig } from './config';
import { createTokenCipher } from './crypto/token-cipher';
import { createTable } from './db/table';
import { createOriginSecretLoader } from './origin/origin-secret';
import { createLogger } from './platform/logger';
import { createSecretsLoader, type SecretsSource } from './secrets';

// Built once per cold start and handed to handlers and services; tests build their own.
export const config = loadConfig();

const secretSource = (secretId: string | undefined, file: string | undefined): SecretsSource =>
  secretId
    ? { kind: 'secrets-manager', region: config.AWS_REGION, secretId }
    : { kind: 'file', path: file ?? '' };

const loadSecrets = createSecretsLoader(secretSource(config.SECRET_ID, config.SECRETS_FILE));

export const runtime = {
  config,
  table: createTable({
    tableName: config.TABLE_NAME,
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
  }),
  log: createLogger(config.LOG_LEVEL),
  now: () => new Date(),
  loadSecrets,
  /** What CloudFront's origin header must carry (shared/http/middlewares/origin-check.ts). */
  originSecret: createOriginSecretLoader(secretSource(config.ORIGIN_SECRET_ID, config.ORIGIN_SECRET_FILE)),
  /** The cipher that seals QBO tokens and TOTP secrets at rest, from the secret's key ring. */
  loadCipher: async () => createTokenCipher((await loadSecrets()).keyRing),
  /** Passkeys belong to the site: its host name and origin, from PUBLIC_URL. */
  relyingParty: relyingPartyOf(config.PUBLIC_URL),
};

export type Runtime = typeof runtime;
