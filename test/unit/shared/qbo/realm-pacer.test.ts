import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '../../../../shared/customers/qbo-customer-api';
import { realmPaceKey } from '../../../../shared/keys';
import type { TimeBudget } from '../../../../shared/platform/time-budget';
import { intuitEndpoints } from '../../../../shared/qbo/intuit-endpoints';
import type { QboRequest, QboSession } from '../../../../shared/qbo/qbo-api-client';
import { coalescingSession } from '../../../../shared/qbo/qbo-batch';
import { QboThrottledError } from '../../../../shared/qbo/qbo-errors';
import {
  BULK_LIMITS,
  createRealmPacer,
  type PaceCost,
  pacedSession,
  type RealmPacer,
} from '../../../../shared/qbo/realm-pacer';
import { conditionFailed, mockedTable } from '../../support/dynamodb-mock';
import { REALM_ID } from '../../support/qbo-fakes';

const { ddb, table } = mockedTable();

// Half a second into a 2-second slot.
const START_MS = 1_800_000_000_500;
const CURRENT = Math.floor(START_MS / 2_000);

/** A slot of the window as DynamoDB holds it, `age` slots before the current one. */
const slotItem = (age: number, spent: { units: number; batchCalls?: number }) => ({
  ...realmPaceKey(REALM_ID, CURRENT - age),
  units: spent.units,
  batchCalls: spent.batchCalls ?? 0,
  ttl: 0,
});

const budgetOf = (remainingMs: number): TimeBudget => ({
  remainingMs: () => remainingMs,
  signal: new AbortController().signal,
});

/** A pacer on a clock that only moves when it sleeps; `slept` is every wait it made. */
const pacerAt = (startMs = START_MS) => {
  let nowMs = startMs;
  const slept: number[] = [];
  const pacer = createRealmPacer({
    table,
    now: () => new Date(nowMs),
    sleep: async (ms) => {
      slept.push(ms);
      nowMs += ms;
    },
  });
  return { pacer, slept };
};

const updateValues = (index = 0) => ddb.commandCalls(UpdateCommand)[index]?.args[0].input;

beforeEach(() => {
  ddb.reset();
});

describe('booking QuickBooks calls against the company’s minute', () => {
  it('books at once when the last minute has room: one read, one write on the current slot', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolves({ Items: [slotItem(20, { units: 100 }), slotItem(0, { units: 50, batchCalls: 3 })] });
    ddb.on(UpdateCommand).resolves({});
    const { pacer, slept } = pacerAt();

    // Act
    await pacer.reserve(REALM_ID, { units: 30, batchCalls: 1 }, budgetOf(10_000));

    // Assess
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(slept).toEqual([]);
    const update = updateValues();
    expect(update?.Key).toEqual(realmPaceKey(REALM_ID, CURRENT));
    expect(update?.ExpressionAttributeValues).toMatchObject({
      ':units': 30,
      ':batchCalls': 1,
      // the current slot may hold no more than the limit less the other slots and this cost
      ':maxUnits': BULK_LIMITS.unitsPerMinute - 100 - 30,
      ':maxBatchCalls': BULK_LIMITS.batchCallsPerMinute - 0 - 1,
    });
  });

  it('reads the window from 30 slots back, so a unit spent at the start of the oldest slot still counts', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(UpdateCommand).resolves({});
    const { pacer } = pacerAt();

    // Act
    await pacer.reserve(REALM_ID, { units: 1, batchCalls: 0 }, budgetOf(10_000));

    // Assess: the Query starts right after slot CURRENT - 31
    const query = ddb.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query?.ExclusiveStartKey).toEqual(realmPaceKey(REALM_ID, CURRENT - 31));
    expect(query?.ConsistentRead).toBe(true);
  });

  it('waits until enough of the oldest slots have left the minute, then books', async () => {
    // Prepare: 480 units spent; the oldest slot's 3 are not enough room for 5, the next slot's 100 are
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [slotItem(30, { units: 3 }), slotItem(20, { units: 100 }), slotItem(0, { units: 377 })],
      })
      .resolves({ Items: [slotItem(0, { units: 377 })] });
    ddb.on(UpdateCommand).resolves({});
    const { pacer, slept } = pacerAt();

    // Act
    await pacer.reserve(REALM_ID, { units: 5, batchCalls: 0 }, budgetOf(60_000));

    // Assess: slot CURRENT - 20 leaves when slot CURRENT + 11 begins, 21.5 s after START_MS
    expect(slept).toEqual([21_500]);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(updateValues()?.Key).toEqual(realmPaceKey(REALM_ID, CURRENT + 11));
  });

  it('waits for a batch call to leave the minute when 38 were made', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [slotItem(25, { units: 30, batchCalls: 1 }), slotItem(1, { units: 300, batchCalls: 37 })],
      })
      .resolves({ Items: [slotItem(1, { units: 300, batchCalls: 37 })] });
    ddb.on(UpdateCommand).resolves({});
    const { pacer, slept } = pacerAt();

    // Act
    await pacer.reserve(REALM_ID, { units: 30, batchCalls: 1 }, budgetOf(60_000));

    // Assess: slot CURRENT - 25 leaves when slot CURRENT + 6 begins
    expect(slept).toEqual([6 * 2_000 - 500]);
  });

  it('says how long to wait instead of waiting past the budget', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [slotItem(20, { units: 100 }), slotItem(0, { units: 380 })] });
    const { pacer, slept } = pacerAt();

    // Act
    const reserving = pacer.reserve(REALM_ID, { units: 5, batchCalls: 0 }, budgetOf(15_000));

    // Assess: the room comes 21.5 s from now
    const error = await reserving.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QboThrottledError);
    expect((error as QboThrottledError).details).toMatchObject({ retryAfterSeconds: 22 });
    expect(slept).toEqual([]);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('reads again and books when another worker took the slot first', async () => {
    // Prepare
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [slotItem(0, { units: 470 })] })
      .resolves({ Items: [slotItem(0, { units: 475 })] });
    ddb.on(UpdateCommand).rejectsOnce(conditionFailed()).resolves({});
    const { pacer } = pacerAt();

    // Act
    await pacer.reserve(REALM_ID, { units: 5, batchCalls: 0 }, budgetOf(10_000));

    // Assess
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(2);
  });

  it('refuses a cost that could never fit in a minute', async () => {
    // Prepare
    const { pacer } = pacerAt();

    // Act
    const reserving = pacer.reserve(REALM_ID, { units: 481, batchCalls: 0 }, budgetOf(10_000));

    // Assess
    await expect(reserving).rejects.toThrow(/never fits/);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

/** A pacer that books everything and remembers what; a session that answers every call with `{}`. */
const recording = () => {
  const booked: PaceCost[] = [];
  const pacer: RealmPacer = {
    reserve: async (_realmId, cost) => {
      booked.push(cost);
    },
  };
  const calls: QboRequest[] = [];
  const answer = async <T>(call: QboRequest) => {
    calls.push(call);
    const items = (call.body as { BatchItemRequest?: { bId: string; Customer: object }[] })?.BatchItemRequest;
    return (
      items ? { BatchItemResponse: items.map((item) => ({ bId: item.bId, Customer: item.Customer })) } : {}
    ) as T;
  };
  const qbo: QboSession = {
    realmId: REALM_ID,
    companyName: 'Sandbox Company',
    endpoints: intuitEndpoints({ INTUIT_ENVIRONMENT: 'sandbox' }),
    request: answer,
    requestBytes: async () => new Uint8Array(),
    query: async <T>(statement: string) =>
      answer<T>({ method: 'GET', path: '/query', query: { query: statement } }),
  };
  return { pacer, qbo, booked, calls };
};

describe('a paced session', () => {
  it('books a 30-item batch as 30 units and one batch call', async () => {
    // Prepare
    const { pacer, qbo, booked } = recording();
    const session = pacedSession(qbo, pacer, budgetOf(10_000));
    const items = Array.from({ length: 30 }, (_, index) => ({
      bId: String(index + 1),
      Query: 'SELECT * FROM Item',
    }));

    // Act
    await session.request({ method: 'POST', path: '/batch', body: { BatchItemRequest: items } });

    // Assess
    expect(booked).toEqual([{ units: 30, batchCalls: 1 }]);
  });

  it('books one unit for each other call', async () => {
    // Prepare
    const { pacer, qbo, booked } = recording();
    const session = pacedSession(qbo, pacer, budgetOf(10_000));

    // Act
    await session.request({ method: 'GET', path: '/customer/58' });
    await session.query('SELECT * FROM Customer');
    await session.requestBytes({ method: 'GET', path: '/invoice/130/pdf', accept: 'application/pdf' });

    // Assess
    expect(booked).toEqual([
      { units: 1, batchCalls: 0 },
      { units: 1, batchCalls: 0 },
      { units: 1, batchCalls: 0 },
    ]);
  });

  it('does not call QuickBooks when the pacer says to wait', async () => {
    // Prepare
    const { qbo, calls } = recording();
    const refusing: RealmPacer = {
      reserve: async () => {
        throw new QboThrottledError(12);
      },
    };
    const session = pacedSession(qbo, refusing, budgetOf(10_000));

    // Act
    const calling = session.request({ method: 'GET', path: '/customer/58' });

    // Assess
    await expect(calling).rejects.toBeInstanceOf(QboThrottledError);
    expect(calls).toHaveLength(0);
  });

  it('books the batch that coalescing makes of 30 creates once, under coalescing', async () => {
    // Prepare
    const { pacer, qbo, booked, calls } = recording();
    const session = coalescingSession(pacedSession(qbo, pacer, budgetOf(10_000)));

    // Act
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        createCustomer(session, { DisplayName: `C${index}` }, `k${index}`),
      ),
    );

    // Assess
    expect(calls.map((call) => call.path)).toEqual(['/batch']);
    expect(booked).toEqual([{ units: 30, batchCalls: 1 }]);
  });
});
