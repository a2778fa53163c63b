import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_POLICY,
  accountSubject,
  addressBucketOf,
  addressSubject,
  recordFailure,
  retryAtOf,
} from '../../../../shared/auth/sign-in-throttle';
import { conditionFailed, mockedTable } from '../../support/dynamodb-mock';

const { ddb, table } = mockedTable();
const now = new Date('2026-12-02T10:00:00.000Z');

beforeEach(() => {
  ddb.reset();
});

describe('client address buckets', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
    ['2001:db8:85a3:8d3::1', '2001:db8:85a3:8d3::/64'],
    ['2001:0DB8:0000:0001::ffff', '2001:db8:0:1::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s counts as %s', (address, bucket) => {
    expect(addressBucketOf(address)).toBe(bucket);
  });

  it('puts two addresses of one IPv6 /64 under one key, and other /64s apart', () => {
    expect(addressSubject('2001:db8:1:2::a').key).toEqual(addressSubject('2001:db8:1:2:ffff::b').key);
    expect(addressSubject('2001:db8:1:3::a').key).not.toEqual(addressSubject('2001:db8:1:2::a').key);
  });

  it('keys an account by its email in any letter case, without the email in the key', () => {
    expect(accountSubject('Ann@Example.com').key).toEqual(accountSubject('ann@example.com').key);
    expect(accountSubject('ann@example.com').key.PK).not.toContain('ann');
  });
});

describe('recording a failure', () => {
  const subject = accountSubject('ann@example.com');

  it('below the slow-down threshold only counts', async () => {
    ddb.on(UpdateCommand).resolvesOnce({ Attributes: { failures: 3 } });

    const recorded = await recordFailure(table, subject, now);

    expect(recorded).toEqual({ failures: 3, lockedNow: false });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('from the threshold on doubles the wait, up to a minute', async () => {
    const waits: number[] = [];
    for (const failures of [5, 6, 7, 9]) {
      ddb.reset();
      ddb.on(UpdateCommand).resolvesOnce({ Attributes: { failures } }).resolves({});
      const recorded = await recordFailure(table, subject, now);
      waits.push(Number(recorded.retryAt) - now.getTime());
    }

    expect(waits).toEqual([1000, 2000, 4000, 16000]);
  });

  it('at the lock threshold locks for the lock period, once', async () => {
    ddb
      .on(UpdateCommand)
      .resolvesOnce({ Attributes: { failures: ACCOUNT_POLICY.lockAfter } })
      .resolves({});

    const recorded = await recordFailure(table, subject, now);

    expect(recorded.lockedNow).toBe(true);
    expect(Number(recorded.retryAt) - now.getTime()).toBe(ACCOUNT_POLICY.lockMs);
    const lock = ddb.commandCalls(UpdateCommand)[1]?.args[0].input;
    expect(lock?.UpdateExpression).toContain('lockedUntil');
    expect(lock?.ConditionExpression).toContain('attribute_not_exists(lockedUntil)');
  });

  it('of several racing past the limit, only the one that set the lock says it locked', async () => {
    ddb
      .on(UpdateCommand)
      .resolvesOnce({ Attributes: { failures: 11 } })
      .rejects(conditionFailed());

    const recorded = await recordFailure(table, subject, now);

    expect(recorded.lockedNow).toBe(false);
    expect(recorded.retryAt).toBeDefined();
  });

  it('starts the count again when the window lapsed or a lock ended', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(PutCommand).resolves({});

    const recorded = await recordFailure(table, subject, now);

    expect(recorded).toEqual({ failures: 1, lockedNow: false });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({ failures: 1 });
  });
});

describe('when a subject may try again', () => {
  it('a lock wins over a slow-down; both lapse with time', () => {
    const state = {
      failures: 10,
      lastFailureAt: now.toISOString(),
      notBefore: '2026-12-02T10:00:05.000Z',
      lockedUntil: '2026-12-02T10:15:00.000Z',
    };

    expect(retryAtOf(state, now)?.toISOString()).toBe('2026-12-02T10:15:00.000Z');
    expect(retryAtOf(state, new Date('2026-12-02T10:15:00.001Z'))).toBeUndefined();
    expect(retryAtOf({ ...state, lockedUntil: undefined }, now)?.toISOString()).toBe(
      '2026-12-02T10:00:05.000Z',
    );
    expect(retryAtOf(undefined, now)).toBeUndefined();
  });
});
