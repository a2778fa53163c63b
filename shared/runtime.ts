import { loadConfig } from './config';
import { createTokenCipher } from './crypto/token-cipher';
import { createTable } from './db/table';
import { createLogger } from './platform/logger';
import { createSecretsLoader } from './secrets';

// Built once per cold start and handed to handlers and services; tests build their own.
export const config = loadConfig();

const loadSecrets = createSecretsLoader(
  config.SECRET_ID
    ? { kind: 'secrets-manager', region: config.AWS_REGION, secretId: config.SECRET_ID }
    : { kind: 'file', path: config.SECRETS_FILE ?? '' },
);

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
  /** The cipher that seals QBO tokens and TOTP secrets at rest, from the secret's key ring. */
  loadCipher: async () => createTokenCipher((await loadSecrets()).keyRing),
};

export type Runtime = typeof runtime;
