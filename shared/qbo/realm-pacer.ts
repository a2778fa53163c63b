import { QueryCommand, type QueryCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from '../db/table';
import { partitionQuery, REALM_PACE_SK_PREFIX, realmPaceKey, sortKeyOf } from '../keys';
import type { TimeBudget } from '../platform/time-budget';
import type { QboRequest, QboSession } from './qbo-api-client';
import { QboThrottledError } from './qbo-errors';

/**
 * What Deskbooks' bulk work may spend per company and minute. Intuit allows 500 requests (a batch
 * counts its items) and 40 batch calls (qbo-reference §5, §9); the margin under them leaves room for
 * the clicks people make while a bulk job runs, which are not paced.
 */
export const BULK_LIMITS = { unitsPerMinute: 480, batchCallsPerMinute: 38 };

export type PaceLimits = typeof BULK_LIMITS;
/** What one call spends: a request is 1 unit, a batch one unit per item and 1 batch call. */
export type PaceCost = { units: number; batchCalls: number };

export type RealmPacer = {
  /**
   * Waits until the company's last minute has room for `cost`, then books it. Throws QboThrottledError
   * (with the seconds to wait) when that wait would outlast `budget`: stop, and carry on later.
   */
  reserve(realmId: string, cost: PaceCost, budget: TimeBudget): Promise<void>;
};

export type RealmPacerDeps = { table: Table; now: () => Date; sleep?: (ms: number) => Promise<void> };

// The minute is kept in 2-second slots. A unit booked late in slot s is 60 s old only once slot s + 30
// has ended, so the window is the current slot and the 30 before it, and slot s leaves it when slot
// s + 31 begins: up to 2 s longer than Intuit's minute, never shorter.
const SLOT_MS = 2_000;
const SLOTS_BEFORE_CURRENT = 60_000 / SLOT_MS;
// A slot is read for a minute at most; DynamoDB deletes it some time after this.
const SLOT_TTL_SECONDS = 5 * 60;
// A wait is worth it only if the call it was for still fits in the budget afterwards.
const MIN_CALL_MS = 1_000;

type SlotSpend = { slot: number; units: number; batchCalls: number };

const slotOf = (epochMs: number) => Math.floor(epochMs / SLOT_MS);
const leavesWindowAtMs = (slot: number) => (slot + SLOTS_BEFORE_CURRENT + 1) * SLOT_MS;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the company spent in the window ending with slot `current`, oldest slot first. */
const readWindow = async (
  table: Table,
  realmId: string,
  current: number,
  budget: TimeBudget,
): Promise<SlotSpend[]> => {
  const first = current - SLOTS_BEFORE_CURRENT;
  const slotBySortKey = new Map<string, number>();
  for (let slot = first; slot <= current; slot += 1) slotBySortKey.set(realmPaceKey(realmId, slot).SK, slot);
  const spends: SlotSpend[] = [];
  // The partition's pace slots after the one before `first`; those past `current` (a worker whose
  // clock runs ahead) count as the next slot, in the condition and the wait alike.
  let startKey: Record<string, unknown> | undefined = realmPaceKey(realmId, first - 1);
  do {
    const page: QueryCommandOutput = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...partitionQuery(realmPaceKey(realmId, first), REALM_PACE_SK_PREFIX),
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
      { abortSignal: budget.signal },
    );
    for (const item of page.Items ?? []) {
      spends.push({
        slot: slotBySortKey.get(sortKeyOf(item)) ?? current + 1,
        units: Number(item.units ?? 0),
        batchCalls: Number(item.batchCalls ?? 0),
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return spends.sort((a, b) => a.slot - b.slot);
};

const total = (spends: SlotSpend[]) =>
  spends.reduce(
    (sum, spend) => ({ units: sum.units + spend.units, batchCalls: sum.batchCalls + spend.batchCalls }),
    { units: 0, batchCalls: 0 },
  );

const fits = (spent: PaceCost, cost: PaceCost, limits: PaceLimits) =>
  spent.units + cost.units <= limits.unitsPerMinute &&
  spent.batchCalls + cost.batchCalls <= limits.batchCallsPerMinute;

/** When enough of the oldest slots will have left the window for `cost` to fit. */
const roomAtMs = (spends: SlotSpend[], cost: PaceCost, limits: PaceLimits): number => {
  let left = total(spends);
  for (const spend of spends) {
    left = { units: left.units - spend.units, batchCalls: left.batchCalls - spend.batchCalls };
    if (fits(left, cost, limits)) return leavesWindowAtMs(spend.slot);
  }
  return leavesWindowAtMs(spends.at(-1)?.slot ?? 0);
};

/**
 * Books `cost` in the current slot, if its own counters still leave room beside the other slots: two
 * workers that read the same window cannot both take the last room. False when one of them lost.
 */
const book = async (
  table: Table,
  input: { realmId: string; slot: number; nowMs: number; others: PaceCost; cost: PaceCost },
  limits: PaceLimits,
  budget: TimeBudget,
): Promise<boolean> => {
  const { others, cost } = input;
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: realmPaceKey(input.realmId, input.slot),
        UpdateExpression: 'ADD #units :units, #batchCalls :batchCalls SET #ttl = :ttl',
        ConditionExpression:
          '(attribute_not_exists(#units) OR #units <= :maxUnits) AND (attribute_not_exists(#batchCalls) OR #batchCalls <= :maxBatchCalls)',
        ExpressionAttributeNames: { '#units': 'units', '#batchCalls': 'batchCalls', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':units': cost.units,
          ':batchCalls': cost.batchCalls,
          ':maxUnits': limits.unitsPerMinute - others.units - cost.units,
          ':maxBatchCalls': limits.batchCallsPerMinute - others.batchCalls - cost.batchCalls,
          ':ttl': Math.ceil(input.nowMs / 1000) + SLOT_TTL_SECONDS,
        },
      }),
      { abortSignal: budget.signal },
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

const assertCanEverFit = (cost: PaceCost, limits: PaceLimits) => {
  if (cost.units > limits.unitsPerMinute || cost.batchCalls > limits.batchCallsPerMinute) {
    throw new Error(
      `A cost of ${cost.units} units and ${cost.batchCalls} batch calls never fits in a minute`,
    );
  }
};

/** A per-company budget of QuickBooks calls, shared through the table by every Lambda doing bulk work. */
export const createRealmPacer = (deps: RealmPacerDeps, limits: PaceLimits = BULK_LIMITS): RealmPacer => {
  const sleep = deps.sleep ?? defaultSleep;
  return {
    reserve: async (realmId, cost, budget) => {
      assertCanEverFit(cost, limits);
      for (;;) {
        const nowMs = deps.now().getTime();
        const slot = slotOf(nowMs);
        const spends = await readWindow(deps.table, realmId, slot, budget);
        const spent = total(spends);
        if (fits(spent, cost, limits)) {
          const others = total(spends.filter((spend) => spend.slot !== slot));
          if (await book(deps.table, { realmId, slot, nowMs, others, cost }, limits, budget)) return;
          // Another worker booked first: read the window again.
          if (budget.remainingMs() < MIN_CALL_MS) throw new QboThrottledError(SLOT_MS / 1000);
          continue;
        }
        const waitMs = Math.max(0, roomAtMs(spends, cost, limits) - nowMs);
        if (budget.remainingMs() - waitMs < MIN_CALL_MS) {
          throw new QboThrottledError(Math.max(1, Math.ceil(waitMs / 1000)));
        }
        await sleep(waitMs);
      }
    },
  };
};

const ONE_CALL: PaceCost = { units: 1, batchCalls: 0 };

const costOf = (call: QboRequest): PaceCost => {
  if (call.method !== 'POST' || call.path !== '/batch') return ONE_CALL;
  const items = (call.body as { BatchItemRequest?: unknown[] } | undefined)?.BatchItemRequest;
  return { units: Math.max(1, items?.length ?? 0), batchCalls: 1 };
};

/**
 * A session whose every call first books its cost with the pacer: 1 unit, or for a batch a unit per
 * item and a batch call. Put coalescing on top (`coalescingSession(pacedSession(…))`) so the batch it
 * makes is booked as one.
 */
export const pacedSession = (qbo: QboSession, pacer: RealmPacer, budget: TimeBudget): QboSession => {
  const reserve = (cost: PaceCost) => pacer.reserve(qbo.realmId, cost, budget);
  return {
    realmId: qbo.realmId,
    companyName: qbo.companyName,
    endpoints: qbo.endpoints,
    request: async <T>(call: QboRequest) => {
      await reserve(costOf(call));
      return qbo.request<T>(call);
    },
    requestBytes: async (call) => {
      await reserve(ONE_CALL);
      return qbo.requestBytes(call);
    },
    query: async <T>(statement: string) => {
      await reserve(ONE_CALL);
      return qbo.query<T>(statement);
    },
  };
};
