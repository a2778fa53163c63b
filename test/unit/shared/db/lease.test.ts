import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LeaseWait, releaseLeaseItem, takeLease, tryTakeLease } from '../../../../shared/db/lease';
import { timeBudget } from '../../../../shared/platform/time-budget';
import {
  conditionFailed,
  leaseHeldByAnother,
  leaseHolderOf,
  leaseIsFreeOn,
  leaseTakenOn,
  mockedTable,
} from '../../support/dynamodb-mock';

const { ddb, table } = mockedTable();
const key = { PK: 'USER#u-ann', SK: 'PROFILE' };
const stored = { ...key, name: 'Ann Lee', email: 'ann@example.com' };
const busy = new Error('busy');

// The waits poll on timers: fake ones move the clock (and each request's budget) without sleeping.
const waitWithin = (budgetMs: number): LeaseWait => ({
  table,
  now: () => new Date(),
  budget: timeBudget(Date.now() + budgetMs),
  busy: () => busy,
});

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ now: new Date('2026-03-02T18:00:00.000Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('taking a lease', () => {
  it('takes a free lease and hands back the item as stored', async () => {
    // Prepare
    leaseIsFreeOn(ddb, stored);

    // Act
    const taken = await takeLease(waitWithin(5_000), key, async () => 'unused');

    // Assess
    expect(taken).toEqual({
      lease: {
        key,
        holder: leaseHolderOf(ddb),
        item: { ...stored, lease: { holder: leaseHolderOf(ddb), until: expect.any(String) } },
      },
    });
  });

  it('answers with what another holder left once it is done, without taking the lease', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .rejects(conditionFailed({ ...stored, lease: leaseHeldByAnother(new Date()), result: 'theirs' }));
    ddb.on(GetCommand).resolves({ Item: { ...stored, result: 'theirs' } });

    // Act
    const taking = takeLease(waitWithin(5_000), key, async (item) => item.result);
    await vi.advanceTimersByTimeAsync(1_000);

    // Assess
    await expect(taking).resolves.toEqual({ reused: 'theirs' });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('takes the lease once the other holder is gone, when its result is of no use', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .rejectsOnce(conditionFailed({ ...stored, lease: leaseHeldByAnother(new Date()) }))
      .callsFake(leaseTakenOn(stored));
    ddb.on(GetCommand).resolves({ Item: stored });

    // Act
    const taking = takeLease(waitWithin(5_000), key, async () => undefined);
    await vi.advanceTimersByTimeAsync(1_000);

    // Assess
    await expect(taking).resolves.toEqual({
      lease: { key, holder: leaseHolderOf(ddb, 1), item: expect.objectContaining({ name: 'Ann Lee' }) },
    });
  });

  it('finds nothing when there is no such item', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    const taken = await takeLease(waitWithin(5_000), key, async () => 'unused');

    // Assess
    expect(taken).toBeUndefined();
  });

  it('finds nothing when the item is deleted while its holder works', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed({ ...stored, lease: leaseHeldByAnother(new Date()) }));
    ddb.on(GetCommand).resolves({});

    // Act
    const taking = takeLease(waitWithin(5_000), key, async () => 'unused');
    await vi.advanceTimersByTimeAsync(1_000);

    // Assess
    await expect(taking).resolves.toBeUndefined();
  });

  it('gives up as busy when the time runs out while another still holds the lease', async () => {
    // Prepare
    const held = { ...stored, lease: leaseHeldByAnother(new Date()) };
    ddb.on(UpdateCommand).rejects(conditionFailed(held));
    ddb.on(GetCommand).resolves({ Item: held });

    // Act
    const taking = takeLease(waitWithin(1_000), key, async () => 'unused');
    const outcome = expect(taking).rejects.toBe(busy);
    await vi.advanceTimersByTimeAsync(1_000);

    // Assess
    await outcome;
    expect(ddb.commandCalls(GetCommand).length).toBeGreaterThan(0);
  });

  it('tells an item whose extra condition no longer holds apart from a missing one', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed({ ...stored, version: 2 }));

    // Act
    const attempt = await tryTakeLease(table, key, {
      now: new Date(),
      budget: timeBudget(Date.now() + 5_000),
      also: { condition: 'version = :version', values: { ':version': 1 } },
    });

    // Assess
    expect(attempt).toEqual({ taken: false, item: { ...stored, version: 2 } });
  });
});

describe('giving a lease back', () => {
  const lease = { key, holder: 'this-request', item: stored };

  it('gives the lease back only while this request still holds it', () => {
    // Act
    const { Update } = releaseLeaseItem(table, lease);

    // Assess
    expect(Update).toMatchObject({
      Key: key,
      UpdateExpression: 'REMOVE #lease',
      ConditionExpression: '#lease.holder = :leaseHolder',
      ExpressionAttributeNames: { '#lease': 'lease' },
      ExpressionAttributeValues: { ':leaseHolder': 'this-request' },
    });
  });

  it('records the changes to the item in the same write that gives the lease back', () => {
    // Act
    const { Update } = releaseLeaseItem(table, lease, {
      set: ['#name = :name', '#email = :email'],
      names: { '#name': 'name', '#email': 'email' },
      values: { ':name': 'Ann Smith', ':email': 'ann.smith@example.com' },
    });

    // Assess
    expect(Update).toMatchObject({
      UpdateExpression: 'SET #name = :name, #email = :email REMOVE #lease',
      ConditionExpression: '#lease.holder = :leaseHolder',
      ExpressionAttributeNames: { '#name': 'name', '#email': 'email', '#lease': 'lease' },
      ExpressionAttributeValues: {
        ':name': 'Ann Smith',
        ':email': 'ann.smith@example.com',
        ':leaseHolder': 'this-request',
      },
    });
  });
});
