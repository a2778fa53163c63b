import { randomUUID } from 'node:crypto';
import {
  GetCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ITEM_EXISTS } from '../keys';
import type { TimeBudget } from '../platform/time-budget';
import { isConditionFailure, type Table } from './table';

// A lease lets one request at a time do slow outside work (a QuickBooks write) for one item. It lives
// in one attribute of that item, is taken by a conditional update that returns the item as it is now,
// and is given back by the same transaction that records the work's result.
export const LEASE_ATTRIBUTE = 'lease';
const POLL_MS = 150;
// A lease outlives the request that holds it by this much at most, so a crashed holder blocks briefly.
const LEASE_SLACK_MS = 2_000;

export type Key = Record<string, string>;
type StoredLease = { holder: string; until: string };
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type HeldLease = { key: Key; holder: string; item: Record<string, unknown> };

export type TakeLeaseResult =
  | { taken: true; lease: HeldLease }
  /** The item exists and nobody holds the lease, but `also` no longer holds. */
  | { taken: false; item: Record<string, unknown> }
  | { taken: false; item: undefined };

/** Where a QuickBooks write waits for another holder, and what ends the wait. */
export type LeaseWait = {
  table: Table;
  now: () => Date;
  budget: TimeBudget;
  /** The error to throw when the budget runs out while another request still holds the lease. */
  busy: () => Error;
};

const isLive = (lease: unknown, now: Date): lease is StoredLease =>
  typeof lease === 'object' && lease !== null && Date.parse((lease as StoredLease).until) > now.getTime();

/** One attempt: takes the lease if it is free and `also` holds; returns the item as the write left it. */
export const tryTakeLease = async (
  table: Table,
  key: Key,
  options: {
    now: Date;
    budget: TimeBudget;
    also?: { condition: string; values: Record<string, unknown> };
  },
): Promise<TakeLeaseResult> => {
  const holder = randomUUID();
  const until = new Date(options.now.getTime() + options.budget.remainingMs() + LEASE_SLACK_MS);
  try {
    const result = await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: 'SET #lease = :lease',
        ConditionExpression: [
          `${ITEM_EXISTS} AND (attribute_not_exists(#lease) OR #lease.#until < :now)`,
          ...(options.also ? [`(${options.also.condition})`] : []),
        ].join(' AND '),
        ExpressionAttributeNames: { '#lease': LEASE_ATTRIBUTE, '#until': 'until' },
        ExpressionAttributeValues: {
          ':lease': { holder, until: until.toISOString() } satisfies StoredLease,
          ':now': options.now.toISOString(),
          ...options.also?.values,
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
      { abortSignal: options.budget.signal },
    );
    return { taken: true, lease: { key, holder, item: result.Attributes ?? {} } };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const raw = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
    return { taken: false, item: raw ? unmarshall(raw) : undefined };
  }
};

export const leaseIsLive = (item: Record<string, unknown>, now: Date) => isLive(item[LEASE_ATTRIBUTE], now);

/** Polls until nobody holds a live lease on the item; returns the item as its holder left it. */
export const waitForLease = async (
  wait: LeaseWait,
  key: Key,
): Promise<Record<string, unknown> | undefined> => {
  for (;;) {
    if (wait.budget.remainingMs() < POLL_MS * 2) throw wait.busy();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const { Item } = await wait.table.doc.send(
      new GetCommand({ TableName: wait.table.name, Key: key, ConsistentRead: true }),
      { abortSignal: wait.budget.signal },
    );
    if (!Item || !leaseIsLive(Item, wait.now())) return Item;
  }
};

/**
 * Takes the lease, waiting out another holder within the budget. After a wait, `reuse` may answer
 * from what that holder left (a double click gets the first click's result); else it tries again.
 * Undefined when there is no such item.
 */
export const takeLease = async <T>(
  wait: LeaseWait,
  key: Key,
  reuse: (item: Record<string, unknown>) => Promise<T | undefined>,
): Promise<{ lease: HeldLease } | { reused: T } | undefined> => {
  for (;;) {
    const attempt = await tryTakeLease(wait.table, key, { now: wait.now(), budget: wait.budget });
    if (attempt.taken) return { lease: attempt.lease };
    if (!attempt.item) return undefined;
    const after = await waitForLease(wait, key);
    if (!after) return undefined;
    const reused = await reuse(after);
    if (reused !== undefined) return { reused };
  }
};

export type LeaseUpdate = {
  /** `SET` clauses, without the keyword, e.g. `#name = :name`. */
  set?: string[];
  names?: Record<string, string>;
  values?: Record<string, unknown>;
};

/** The write that gives the lease back (with any changes to the leased item): one transaction item. */
export const releaseLeaseItem = (table: Table, lease: HeldLease, update: LeaseUpdate = {}): TransactItem => {
  const holderOnly = leaseHolderCondition(lease);
  return {
    Update: {
      TableName: table.name,
      Key: lease.key,
      UpdateExpression: [update.set?.length ? `SET ${update.set.join(', ')}` : '', 'REMOVE #lease']
        .filter(Boolean)
        .join(' '),
      ConditionExpression: holderOnly.ConditionExpression,
      ExpressionAttributeNames: { ...update.names, ...holderOnly.ExpressionAttributeNames },
      ExpressionAttributeValues: { ...update.values, ...holderOnly.ExpressionAttributeValues },
    },
  };
};

/** Gives the lease back without recording anything (the work failed before it changed anything). */
export const releaseLease = async (table: Table, lease: HeldLease): Promise<void> => {
  try {
    await table.doc.send(new UpdateCommand(releaseLeaseItem(table, lease).Update as UpdateCommandInput));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};

/** The condition of a write that replaces the whole leased item: only while this holder has the lease. */
export const leaseHolderCondition = (lease: HeldLease) => ({
  ConditionExpression: '#lease.holder = :leaseHolder',
  ExpressionAttributeNames: { '#lease': LEASE_ATTRIBUTE },
  ExpressionAttributeValues: { ':leaseHolder': lease.holder },
});

/** Strips the lease attribute from an item read while (or after) someone held it. */
export const withoutLease = <T extends Record<string, unknown>>(item: T) => {
  const { [LEASE_ATTRIBUTE]: _lease, ...rest } = item;
  return rest;
};
