import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadConfig } from './config';
import { createTable } from './db/table';
import { createLogger } from './http/logger';
import { createSecretsLoader } from './secrets';

// Built once per cold start and handed to handlers and services; tests build their own.
export const config = loadConfig();

export const runtime = {
  config,
  table: createTable({
    tableName: config.TABLE_NAME,
    region: config.AWS_REGION,
    endpoint: config.DYNAMODB_ENDPOINT,
  }),
  log: createLogger(config.LOG_LEVEL),
  now: () => new Date(),
  loadSecrets: createSecretsLoader(
    config.SECRET_ID
      ? {
          kind: 'secrets-manager',
          client: new SecretsManagerClient({ region: config.AWS_REGION }),
          secretId: config.SECRET_ID,
        }
      : { kind: 'file', path: config.SECRETS_FILE ?? '' },
  ),
};

export type Runtime = typeof runtime;
