import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from './table';

export type Lease = { holder: string; until: string };
type Key = Record<string, string>;

/**
 * A short lease stored in one attribute of an existing item: whoever takes it does the work, others
 * wait. Used where two requests must not both talk to QBO for the same thing (double clicks, two staff).
 */
export const acquireLease = async (
  table: Table,
  key: Key,
  attribute: string,
  lease: { holder: string; until: Date; now: Date },
  also?: { condition: string; values: Record<string, unknown> },
): Promise<boolean> => {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: 'SET #lease = :lease',
        ConditionExpression: [
          'attribute_exists(PK) AND (attribute_not_exists(#lease) OR #lease.#until < :now)',
          ...(also ? [`(${also.condition})`] : []),
        ].join(' AND '),
        ExpressionAttributeNames: { '#lease': attribute, '#until': 'until' },
        ExpressionAttributeValues: {
          ':lease': { holder: lease.holder, until: lease.until.toISOString() } satisfies Lease,
          ':now': lease.now.toISOString(),
          ...also?.values,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export const releaseLease = async (
  table: Table,
  key: Key,
  attribute: string,
  holder: string,
): Promise<void> => {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: key,
        UpdateExpression: 'REMOVE #lease',
        ConditionExpression: '#lease.holder = :holder',
        ExpressionAttributeNames: { '#lease': attribute },
        ExpressionAttributeValues: { ':holder': holder },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};

/** Polls until the lease is gone or expired; returns the item as its holder left it (undefined if none). */
export const waitForLease = async (
  table: Table,
  key: Key,
  attribute: string,
  now: () => Date,
  timeoutMs = 20_000,
): Promise<Record<string, unknown> | undefined> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { Item } = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
    );
    const lease = Item?.[attribute] as Lease | undefined;
    if (!lease || Date.parse(lease.until) < now().getTime()) return Item;
  }
  return undefined;
};

export type LeasedWork<T> = {
  table: Table;
  now: () => Date;
  /** The item whose lease lets one request at a time do the work. */
  key: Key;
  attribute: string;
  leaseMs: number;
  /** After waiting out another holder: its result, when that answers this request too (a double click). */
  reuse(item: Record<string, unknown>, requestedAt: string): Promise<T | undefined>;
  run(): Promise<T>;
};

/** Runs `work.run` holding the lease, or reuses the result of whoever held it meanwhile. */
export const runUnderLease = async <T>(work: LeasedWork<T>): Promise<T> => {
  const requestedAt = work.now().toISOString();
  const holder = randomUUID();
  for (;;) {
    const now = work.now();
    const until = new Date(now.getTime() + work.leaseMs);
    if (await acquireLease(work.table, work.key, work.attribute, { holder, until, now })) break;
    const item = await waitForLease(work.table, work.key, work.attribute, work.now);
    const reused = item ? await work.reuse(item, requestedAt) : undefined;
    if (reused !== undefined) return reused;
  }
  try {
    return await work.run();
  } finally {
    await releaseLease(work.table, work.key, work.attribute, holder);
  }
};
