import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createOriginSecretLoader } from '../../../../shared/origin/origin-secret';

const secretsManager = mockClient(SecretsManagerClient);
afterEach(() => secretsManager.reset());

const MINUTE_MS = 60_000;
const FIRST = { current: 'a'.repeat(48), previous: '' };
const ROTATED = { current: 'b'.repeat(48), previous: 'a'.repeat(48) };
const source = { kind: 'secrets-manager', region: 'us-east-1', secretId: 'deskbooks-origin' } as const;
const secretString = (value: object) => ({ SecretString: JSON.stringify(value) });

/** A clock the test moves by hand. */
const aClock = () => {
  let now = 1_000_000;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

describe('the origin secret on a warm Lambda', () => {
  it('is read once for all the requests of the first five minutes', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(secretString(FIRST));
    const clock = aClock();
    const loader = createOriginSecretLoader(source, { clock: clock.now });

    const [first, second] = await Promise.all([loader.values(), loader.values()]);
    clock.advance(4 * MINUTE_MS);
    await loader.values();

    expect(first).toEqual(FIRST);
    expect(second).toEqual(FIRST);
    expect(secretsManager.commandCalls(GetSecretValueCommand, { SecretId: 'deskbooks-origin' })).toHaveLength(
      1,
    );
  });

  it('picks up a rotation once its values are five minutes old', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce(secretString(FIRST))
      .resolves(secretString(ROTATED));
    const clock = aClock();
    const loader = createOriginSecretLoader(source, { clock: clock.now });
    await loader.values();

    clock.advance(5 * MINUTE_MS);

    await expect(loader.values()).resolves.toEqual(ROTATED);
  });

  it('keeps the values it holds while Secrets Manager fails, and tries again ten seconds later', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce(secretString(FIRST))
      .rejectsOnce(new Error('throttled'))
      .resolves(secretString(ROTATED));
    const clock = aClock();
    const loader = createOriginSecretLoader(source, { clock: clock.now });
    await loader.values();
    clock.advance(5 * MINUTE_MS);

    await expect(loader.values()).resolves.toEqual(FIRST);
    clock.advance(5_000);
    await expect(loader.values()).resolves.toEqual(FIRST);
    clock.advance(5_000);
    await expect(loader.values()).resolves.toEqual(ROTATED);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(3);
  });

  it('fails while it has never read the secret, and reads it on the next request', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(new Error('throttled'))
      .resolves(secretString(FIRST));
    const loader = createOriginSecretLoader(source, { clock: aClock().now });

    await expect(loader.values()).rejects.toThrow('throttled');
    await expect(loader.values()).resolves.toEqual(FIRST);
  });

  it('reads again on demand, but not twice within ten seconds however often it is asked', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce(secretString(FIRST))
      .resolves(secretString(ROTATED));
    const clock = aClock();
    const loader = createOriginSecretLoader(source, { clock: clock.now });
    await loader.values();

    await expect(loader.reload()).resolves.toEqual(FIRST);
    clock.advance(10_000);
    await expect(loader.reload()).resolves.toEqual(ROTATED);
    await expect(loader.reload()).resolves.toEqual(ROTATED);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('refuses a current value shorter than 32 characters without showing it', async () => {
    secretsManager.on(GetSecretValueCommand).resolves(secretString({ current: 'short-value', previous: '' }));
    const loader = createOriginSecretLoader(source, { clock: aClock().now });

    const failure = loader.values();

    await expect(failure).rejects.toThrow(/^Origin secret: current$/);
  });

  it('refuses a secret that is not JSON without quoting it', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: 'plain-origin-value-0123456789abcdef' });
    const loader = createOriginSecretLoader(source, { clock: aClock().now });

    await expect(loader.values()).rejects.toThrow(/^Origin secret: not JSON$/);
  });

  it('reads the same shape from a file on one machine', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'deskbooks-origin-')), 'origin-secret.json');
    writeFileSync(path, JSON.stringify({ current: FIRST.current }));
    const loader = createOriginSecretLoader({ kind: 'file', path });

    await expect(loader.values()).resolves.toEqual(FIRST);
  });
});
