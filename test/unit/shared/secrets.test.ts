import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretsLoader } from '../../../shared/secrets';

const secretsManager = mockClient(SecretsManagerClient);
afterEach(() => secretsManager.reset());

const SECRET = {
  intuitClientId: 'client-id',
  intuitClientSecret: 'client-secret',
  activeKeyId: 'k2',
  'encryptionKey.k1': 'a'.repeat(64),
  'encryptionKey.k2': 'b'.repeat(64),
};
const source = { kind: 'secrets-manager', region: 'us-east-1', secretId: 'deskbooks-app' } as const;

describe('the app secret from Secrets Manager', () => {
  it('is read once per cold start, however many requests ask for it', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(SECRET) });
    const loadSecrets = createSecretsLoader(source);

    const [first, second] = await Promise.all([loadSecrets(), loadSecrets()]);
    const third = await loadSecrets();

    expect(secretsManager.commandCalls(GetSecretValueCommand, { SecretId: 'deskbooks-app' })).toHaveLength(1);
    expect(first).toBe(second);
    expect(third).toBe(first);
    expect(first).toMatchObject({ intuitClientId: 'client-id', intuitClientSecret: 'client-secret' });
    expect(first.keyRing.activeKeyId).toBe('k2');
    expect(Object.keys(first.keyRing.keys).sort()).toEqual(['k1', 'k2']);
    expect(first.keyRing.keys.k1).not.toEqual(first.keyRing.keys.k2);
  });

  it('is read again on the next request when a read failed', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves({ SecretString: JSON.stringify(SECRET) });
    const loadSecrets = createSecretsLoader(source);

    await expect(loadSecrets()).rejects.toThrow('throttled');
    await expect(loadSecrets()).resolves.toMatchObject({ intuitClientId: 'client-id' });
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses a key shorter than 32 characters, naming its field', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ ...SECRET, 'encryptionKey.k3': 'short' }) });

    await expect(createSecretsLoader(source)()).rejects.toThrow(/encryptionKey\.k3/);
  });
});
