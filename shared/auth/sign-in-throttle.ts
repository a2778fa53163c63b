import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from '../db/table';
import { ITEM_EXISTS, type SignInThrottleScope, signInThrottleKey, type TableKey } from '../keys';

/**
 * How failed sign-ins slow a subject down and then lock it: from `slowAfter` failures in a row each
 * attempt must wait twice as long as the last (up to `maxDelayMs`); at `lockAfter` every attempt is
 * refused for `lockMs`, never longer (an attacker cannot lock anyone out for good), and the count
 * starts again. Failures older than `windowMs` are forgotten.
 */
export type ThrottlePolicy = {
  slowAfter: number;
  lockAfter: number;
  lockMs: number;
  windowMs: number;
  maxDelayMs: number;
};

const MINUTE = 60_000;

export const ACCOUNT_POLICY: ThrottlePolicy = {
  slowAfter: 5,
  lockAfter: 10,
  lockMs: 15 * MINUTE,
  windowMs: 15 * MINUTE,
  maxDelayMs: MINUTE,
};

// An office behind one address has many people: the address locks only far past any one account.
export const ADDRESS_POLICY: ThrottlePolicy = {
  slowAfter: 20,
  lockAfter: 50,
  lockMs: 15 * MINUTE,
  windowMs: 15 * MINUTE,
  maxDelayMs: MINUTE,
};

export type ThrottleState = {
  failures: number;
  lastFailureAt: string;
  /** While slowed down: no attempt before this time. */
  notBefore?: string;
  lockedUntil?: string;
};

export type ThrottleSubject = { scope: SignInThrottleScope; key: TableKey; policy: ThrottlePolicy };

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** IPv6 clients get a /64 each from their provider: one subject per /64, not per address in it. */
export const addressBucketOf = (address: string): string => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length);
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
};

export const accountSubject = (email: string): ThrottleSubject => ({
  scope: 'account',
  key: signInThrottleKey('account', hashOf(email.trim().toLowerCase())),
  policy: ACCOUNT_POLICY,
});

export const addressSubject = (address: string): ThrottleSubject => ({
  scope: 'address',
  key: signInThrottleKey('address', hashOf(addressBucketOf(address))),
  policy: ADDRESS_POLICY,
});

export const throttleStateOf = (item: Record<string, unknown> | undefined): ThrottleState | undefined =>
  item
    ? {
        failures: Number(item.failures ?? 0),
        lastFailureAt: String(item.lastFailureAt ?? ''),
        ...(typeof item.notBefore === 'string' ? { notBefore: item.notBefore } : {}),
        ...(typeof item.lockedUntil === 'string' ? { lockedUntil: item.lockedUntil } : {}),
      }
    : undefined;

const later = (at: string | undefined, now: Date) =>
  at && Date.parse(at) > now.getTime() ? new Date(at) : undefined;

export const lockedUntilOf = (state: ThrottleState | undefined, now: Date) => later(state?.lockedUntil, now);

/** When this subject may try again, or undefined when it may now. */
export const retryAtOf = (state: ThrottleState | undefined, now: Date) =>
  lockedUntilOf(state, now) ?? later(state?.notBefore, now);

const delayMsOf = (failures: number, policy: ThrottlePolicy) =>
  Math.min(policy.maxDelayMs, 1000 * 2 ** (failures - policy.slowAfter));

// Expired items are left to TTL; a day covers any window and lock.
const ttlAfter = (now: Date) => Math.ceil(now.getTime() / 1000) + 24 * 60 * 60;

/** Adds one failure within the window; a lapsed window or an ended lock starts the count again. */
const countFailure = async (table: Table, subject: ThrottleSubject, now: Date): Promise<number> => {
  const at = now.toISOString();
  try {
    const { Attributes } = await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: subject.key,
        UpdateExpression: 'ADD failures :one SET lastFailureAt = :at, #ttl = :ttl',
        ConditionExpression: `${ITEM_EXISTS} AND lastFailureAt > :windowStart AND attribute_not_exists(lockedUntil)`,
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':at': at,
          ':ttl': ttlAfter(now),
          ':windowStart': new Date(now.getTime() - subject.policy.windowMs).toISOString(),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.failures ?? 1);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...subject.key, failures: 1, lastFailureAt: at, ttl: ttlAfter(now) },
      }),
    );
    return 1;
  }
};

export type RecordedFailure = {
  failures: number;
  /** When the subject may try again, if it must wait. */
  retryAt?: Date;
  /** This failure locked the subject (of several racing past the limit, one locks). */
  lockedNow: boolean;
};

export const recordFailure = async (
  table: Table,
  subject: ThrottleSubject,
  now: Date,
): Promise<RecordedFailure> => {
  const { policy } = subject;
  const failures = await countFailure(table, subject, now);
  if (failures < policy.slowAfter) return { failures, lockedNow: false };
  const locking = failures >= policy.lockAfter;
  const retryAt = new Date(now.getTime() + (locking ? policy.lockMs : delayMsOf(failures, policy)));
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: subject.key,
        UpdateExpression: locking ? 'SET lockedUntil = :at REMOVE notBefore' : 'SET notBefore = :at',
        ConditionExpression: `${ITEM_EXISTS} AND attribute_not_exists(lockedUntil)`,
        ExpressionAttributeValues: { ':at': retryAt.toISOString() },
      }),
    );
    return { failures, retryAt, lockedNow: locking };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { failures, retryAt, lockedNow: false };
  }
};

/** A success, or an admin's unlock: the subject starts with a clean slate. */
export const clearThrottle = async (table: Table, subject: ThrottleSubject): Promise<void> => {
  await table.doc.send(new DeleteCommand({ TableName: table.name, Key: subject.key }));
};
