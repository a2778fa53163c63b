import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EncryptedValue } from '../../../../shared/crypto/encrypted-value';
import { timeBudget } from '../../../../shared/platform/time-budget';
import { IntuitGrantError, type IntuitTokens } from '../../../../shared/qbo/intuit-oauth-client';
import { getAccessToken } from '../../../../shared/qbo/qbo-access-token';
import {
  conditionFailed,
  leaseHeldByAnother,
  leaseHolderOf,
  leaseIsFreeOn,
  mockedTable,
} from '../../support/dynamodb-mock';
import { aConnection, connectionItem, fakeOAuth, NOW, qboDeps, testCipher } from '../../support/qbo-fakes';

const { ddb, table } = mockedTable();
const cipher = testCipher();
const inAMinute = new Date(NOW.getTime() + 60_000);
const rotated: IntuitTokens = {
  accessToken: 'AT-2',
  refreshToken: 'RT-2',
  expiresIn: 3600,
  refreshExpiresIn: 8_726_400,
};

// Waiting for another holder polls on timers: fake ones move the clock without sleeping.
const setup = (refresh: (refreshToken: string) => Promise<IntuitTokens> = async () => rotated) => {
  const oauth = fakeOAuth(refresh);
  const deps = qboDeps(table, { cipher, oauth, now: () => new Date() });
  return { oauth, deps, budget: timeBudget(Date.now() + 5_000) };
};

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ now: NOW });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('getting a QuickBooks access token', () => {
  it('uses a token that is not about to expire as it is, without asking anyone', async () => {
    // Prepare
    const { oauth, deps, budget } = setup();

    // Act
    const token = await getAccessToken(deps, aConnection(cipher), { budget });

    // Assess
    expect(token.accessToken).toBe('AT-1');
    expect(ddb.calls()).toHaveLength(0);
    expect(oauth.refresh).not.toHaveBeenCalled();
  });

  it('renews a token about to expire once, with the saved refresh token', async () => {
    // Prepare
    const { oauth, deps, budget } = setup();
    const connection = aConnection(cipher, { expiresAt: inAMinute });
    leaseIsFreeOn(ddb, connectionItem(connection));
    ddb.on(PutCommand).resolves({});

    // Act
    const token = await getAccessToken(deps, connection, { budget });

    // Assess
    expect(token.accessToken).toBe('AT-2');
    expect(oauth.refresh).toHaveBeenCalledOnce();
    expect(oauth.refresh).toHaveBeenCalledWith('RT-1', budget);
  });

  it('stores the rotated tokens as the next version, only while it still holds the lease', async () => {
    // Prepare
    const { deps, budget } = setup();
    const connection = aConnection(cipher, { expiresAt: inAMinute, version: 4 });
    leaseIsFreeOn(ddb, connectionItem(connection));
    ddb.on(PutCommand).resolves({});

    // Act
    await getAccessToken(deps, connection, { budget });

    // Assess
    const [put] = ddb.commandCalls(PutCommand);
    const saved = put?.args[0].input;
    expect(saved).toMatchObject({
      ConditionExpression: '#lease.holder = :leaseHolder',
      ExpressionAttributeValues: { ':leaseHolder': leaseHolderOf(ddb) },
      Item: { version: 5, accessTokenExpiresAt: new Date(NOW.getTime() + 3_600_000).toISOString() },
    });
    expect(cipher.decrypt(saved?.Item?.refreshToken as EncryptedValue)).toBe('RT-2');
    expect(saved?.Item).not.toHaveProperty('lease');
  });

  it('waits for another request renewing the token and uses the tokens it stored', async () => {
    // Prepare
    const { oauth, deps, budget } = setup();
    const connection = aConnection(cipher, { expiresAt: inAMinute });
    ddb
      .on(UpdateCommand)
      .rejects(conditionFailed({ ...connectionItem(connection), lease: leaseHeldByAnother(NOW) }));
    const renewedByThem = aConnection(cipher, {
      accessToken: 'AT-theirs',
      refreshToken: 'RT-theirs',
      version: 2,
    });
    ddb.on(GetCommand).resolves({ Item: connectionItem(renewedByThem) });

    // Act
    const getting = getAccessToken(deps, connection, { budget });
    await vi.advanceTimersByTimeAsync(1_000);

    // Assess
    await expect(getting).resolves.toMatchObject({ accessToken: 'AT-theirs', connection: { version: 2 } });
    expect(oauth.refresh).not.toHaveBeenCalled();
  });

  it('asks for a reconnect when Intuit refuses the saved sign-in', async () => {
    // Prepare
    const { deps, budget } = setup(async () => {
      throw new IntuitGrantError('invalid_grant', 'Incorrect or invalid refresh token');
    });
    const connection = aConnection(cipher, { expiresAt: inAMinute, version: 3 });
    leaseIsFreeOn(ddb, connectionItem(connection));

    // Act
    const getting = getAccessToken(deps, connection, { budget });

    // Assess
    await expect(getting).rejects.toMatchObject({
      code: 'qbo_not_connected',
      details: { reason: 'needs_reconnect' },
    });
    const marked = ddb.commandCalls(UpdateCommand)[1]?.args[0].input;
    expect(marked).toMatchObject({
      UpdateExpression: 'SET needsReconnect = :why REMOVE #lease',
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': 3, ':why': { reason: expect.stringContaining('refused') } },
    });
  });

  it('says QuickBooks is unavailable when Intuit fails to renew for another reason', async () => {
    // Prepare
    const { deps, budget } = setup(async () => {
      throw new Error('Intuit OAuth request failed: socket hang up');
    });
    const connection = aConnection(cipher, { expiresAt: inAMinute });
    leaseIsFreeOn(ddb, connectionItem(connection));

    // Act
    const getting = getAccessToken(deps, connection, { budget });

    // Assess
    await expect(getting).rejects.toMatchObject({ code: 'qbo_unavailable' });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('gives the lease back when Intuit fails to renew, so the next request can try again at once', async () => {
    // Prepare
    const { deps, budget } = setup(async () => {
      throw new Error('Intuit OAuth request failed: socket hang up');
    });
    const connection = aConnection(cipher, { expiresAt: inAMinute });
    leaseIsFreeOn(ddb, connectionItem(connection));

    // Act
    await getAccessToken(deps, connection, { budget }).catch(() => undefined);

    // Assess
    const release = ddb.commandCalls(UpdateCommand).at(-1)?.args[0].input;
    expect(release?.UpdateExpression).toBe('REMOVE #lease');
    expect(release?.ExpressionAttributeValues?.[':leaseHolder']).toBe(leaseHolderOf(ddb));
  });
});
