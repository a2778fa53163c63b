import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamSourceSettings } from '../shared/event-sources';
import { localClientConfig } from './dynamodb-local';
import { matchesAnyFilter } from './event-filter';
import { invokeLambda, type LambdaFunction } from './lambda-invoke';
import {
  type DeadLetter,
  type DeadLetterCondition,
  deadLetterOf,
  sequenceNumberOf,
  toEventRecord,
} from './stream-event';

// The one-machine stand-in for Lambda's event source mapping over a DynamoDB stream: it walks the
// table's latest stream shard by shard (a child only once its parent is read to the end), filters and
// batches the records in stream order, invokes the handler with the event Lambda would send, retries a
// failed batch from its first failed record, and hands what still fails to a dead-letter sink.

export type StreamHandler = LambdaFunction<DynamoDBStreamEvent, DynamoDBBatchResponse | undefined>;

export type StreamPollerOptions = {
  /** DynamoDB Local. */
  endpoint: string;
  tableName: string;
  /** Names the function in its context and in dead letters. */
  functionName: string;
  handler: StreamHandler;
  source: StreamSourceSettings;
  timeoutSeconds: number;
  /** Where records go once the retries are spent (the stack's SQS dead-letter queue). */
  deadLetters: (letter: DeadLetter) => void | Promise<void>;
  /** How long an idle poller waits before reading the stream again, and between retries. */
  pollIntervalMs?: number;
  /** Keeps each shard's position here, so a restart resumes where it stopped instead of at the oldest record. */
  checkpointFile?: string;
  /** A poll that failed (DynamoDB Local unreachable, say); the poller tries again after the interval. */
  onError?: (error: unknown) => void;
};

export type StreamPoller = {
  streamArn: string;
  /**
   * Resolves once every stream record written before the call has been handed to the handler (and it
   * succeeded), skipped by the filter, or dead-lettered; rejects if a poll fails meanwhile.
   */
  settled(): Promise<void>;
  stop(): Promise<void>;
};

const GET_RECORDS_LIMIT = 1000;
// Lambda reads each shard about four times a second.
const DEFAULT_POLL_INTERVAL_MS = 250;

type ShardReader = {
  shardId: string;
  parentShardId?: string;
  /** Undefined until opened; null once a closed shard is read to its end. */
  iterator?: string | null;
  /** The last record read from the stream: where a lost iterator resumes. */
  lastRead?: string;
  /** The last record handled (delivered, skipped or dead-lettered): where a restart resumes. */
  checkpoint?: string;
  /** Matching records read and not yet delivered, oldest first. */
  pending: DynamoDBRecord[];
  pendingSince: number;
  done: boolean;
};

type Failure = { index: number; error: string };

const latestStreamArn = async (endpoint: string, tableName: string) => {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (!Table?.LatestStreamArn) {
      throw new Error(`Table ${tableName} has no stream: local/create-table.ts turns it on`);
    }
    return Table.LatestStreamArn;
  } finally {
    client.destroy();
  }
};

const readCheckpoints = (file: string | undefined, streamArn: string): Record<string, string> => {
  if (!file || !existsSync(file)) return {};
  const saved = JSON.parse(readFileSync(file, 'utf8')) as {
    streamArn?: string;
    shards?: Record<string, string>;
  };
  // Another stream (the table was made anew): its positions mean nothing here.
  return saved.streamArn === streamArn ? (saved.shards ?? {}) : {};
};

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The first record Lambda would retry from: the lowest reported failure. An identifier that names no
 * record of the batch (empty, unknown) fails the whole batch, as Lambda treats it.
 */
const firstFailureOf = (
  records: DynamoDBRecord[],
  response: DynamoDBBatchResponse | undefined,
): Failure | undefined => {
  const failures = response?.batchItemFailures ?? [];
  if (!failures.length) return undefined;
  const indexes = failures.map((failure) =>
    records.findIndex((record) => sequenceNumberOf(record) === failure.itemIdentifier),
  );
  if (indexes.some((index) => index < 0)) {
    return { index: 0, error: 'batchItemFailures named a record that is not in the batch' };
  }
  return { index: Math.min(...indexes), error: `the function reported ${failures.length} failed record(s)` };
};

export const startStreamPoller = async (options: StreamPollerOptions): Promise<StreamPoller> => {
  const { source, handler, functionName, timeoutSeconds } = options;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const streamArn = await latestStreamArn(options.endpoint, options.tableName);
  const streams = new DynamoDBStreamsClient(localClientConfig(options.endpoint));
  const saved = readCheckpoints(options.checkpointFile, streamArn);
  const shards = new Map<string, ShardReader>();
  const stopping = new AbortController();

  const saveCheckpoints = () => {
    if (!options.checkpointFile) return;
    const positions = Object.fromEntries(
      [...shards.values()].flatMap((shard) => (shard.checkpoint ? [[shard.shardId, shard.checkpoint]] : [])),
    );
    mkdirSync(dirname(options.checkpointFile), { recursive: true });
    writeFileSync(options.checkpointFile, JSON.stringify({ streamArn, shards: positions }));
  };

  /** Waits, unless the poller stops first; says whether it is still running. */
  const pause = async (ms: number, signal: AbortSignal = stopping.signal) => {
    await delay(ms, undefined, { signal }).catch(() => undefined);
    return !stopping.signal.aborted;
  };

  const refreshShards = async () => {
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of StreamDescription?.Shards ?? []) addShard(shard);
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  };

  const addShard = ({ ShardId, ParentShardId }: Shard) => {
    if (!ShardId || shards.has(ShardId)) return;
    const checkpoint = saved[ShardId];
    shards.set(ShardId, {
      shardId: ShardId,
      parentShardId: ParentShardId,
      checkpoint,
      lastRead: checkpoint,
      pending: [],
      pendingSince: 0,
      done: false,
    });
  };

  // Records keep their order only if a child shard waits for its parent (unless the parent is trimmed away).
  const isReady = (shard: ShardReader) => {
    const parent = shard.parentShardId ? shards.get(shard.parentShardId) : undefined;
    return !shard.done && (!parent || parent.done);
  };

  const openIterator = async (shard: ShardReader): Promise<string | null> => {
    const open = async (after?: string) =>
      (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.shardId,
            ...(after
              ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
              : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        )
      ).ShardIterator ?? null;
    try {
      return await open(shard.lastRead);
    } catch (error) {
      // The position is older than the stream keeps (24 hours): start at the oldest record there is.
      if (error instanceof TrimmedDataAccessException) return open();
      throw error;
    }
  };

  /** Reads one page into `pending`; returns how many records the stream gave. */
  const readPage = async (shard: ShardReader): Promise<number> => {
    if (shard.iterator === undefined) shard.iterator = await openIterator(shard);
    if (shard.iterator === null) return 0;
    let page: Awaited<ReturnType<typeof getRecords>>;
    try {
      page = await getRecords(shard.iterator);
    } catch (error) {
      if (!(error instanceof ExpiredIteratorException)) throw error;
      shard.iterator = undefined;
      return 0;
    }
    shard.iterator = page.NextShardIterator ?? null;
    for (const raw of page.Records ?? []) {
      const record = toEventRecord(raw, streamArn);
      shard.lastRead = sequenceNumberOf(record);
      if (!matchesAnyFilter(record, source.filters)) continue;
      if (!shard.pending.length) shard.pendingSince = Date.now();
      shard.pending.push(record);
    }
    return page.Records?.length ?? 0;
  };

  const getRecords = (iterator: string) =>
    streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: GET_RECORDS_LIMIT }));

  const invoke = async (records: DynamoDBRecord[]): Promise<Failure | undefined> => {
    try {
      const outcome = await invokeLambda(handler, { Records: records }, { functionName, timeoutSeconds });
      if (outcome.timedOut) return { index: 0, error: `Task timed out after ${timeoutSeconds} seconds` };
      return firstFailureOf(records, outcome.value);
    } catch (error) {
      return { index: 0, error: messageOf(error) };
    }
  };

  const deadLetter = async (
    shard: ShardReader,
    records: DynamoDBRecord[],
    condition: DeadLetterCondition,
    invokeCount: number,
    error?: string,
  ) => {
    const letter = deadLetterOf({
      functionName,
      streamArn,
      shardId: shard.shardId,
      records,
      condition,
      invokeCount,
      error,
    });
    await options.deadLetters(letter);
  };

  /** Hands records older than the source allows straight to the dead-letter sink; returns the rest. */
  const dropAged = async (shard: ShardReader, records: DynamoDBRecord[]) => {
    const oldest = Date.now() / 1000 - source.maxRecordAgeSeconds;
    const aged = records.filter((record) => (record.dynamodb?.ApproximateCreationDateTime ?? 0) < oldest);
    if (aged.length) await deadLetter(shard, aged, 'RecordAgeExceeded', 0);
    return records.filter((record) => !aged.includes(record));
  };

  /** One batch to its end: delivered, or retried from its first failure and then dead-lettered. */
  const deliver = async (shard: ShardReader, batch: DynamoDBRecord[]) => {
    let remaining = await dropAged(shard, batch);
    for (let invokeCount = 1; remaining.length; invokeCount++) {
      const failure = await invoke(remaining);
      if (!failure) break;
      remaining = remaining.slice(failure.index);
      if (invokeCount > source.retryAttempts) {
        await deadLetter(shard, remaining, 'RetryAttemptsExhausted', invokeCount, failure.error);
        break;
      }
      // Stopped mid-retry: the batch stays unhandled, so a restart reads it again.
      if (!(await pause(pollIntervalMs))) return;
    }
    shard.checkpoint = shard.pending.length ? sequenceNumberOf(batch.at(-1) ?? {}) : shard.lastRead;
    saveCheckpoints();
  };

  /** Reads what the shard has now and delivers it in batches; says whether there was anything to do. */
  const pollShard = async (shard: ShardReader): Promise<boolean> => {
    let busy = false;
    for (;;) {
      const read = await readPage(shard);
      busy ||= read > 0;
      while (shard.pending.length >= source.batchSize && !stopping.signal.aborted) {
        await deliver(shard, shard.pending.splice(0, source.batchSize));
      }
      if (read === 0 || stopping.signal.aborted) break;
    }
    const windowOver = Date.now() - shard.pendingSince >= source.maxBatchingWindowSeconds * 1000;
    if (shard.pending.length && (windowOver || shard.iterator === null) && !stopping.signal.aborted) {
      await deliver(shard, shard.pending.splice(0));
    } else if (!shard.pending.length && shard.lastRead !== shard.checkpoint) {
      // Only skipped records since the last batch: move past them.
      shard.checkpoint = shard.lastRead;
      saveCheckpoints();
    }
    if (shard.iterator === null && !shard.pending.length) shard.done = true;
    return busy || shard.pending.length > 0;
  };

  const pollOnce = async () => {
    await refreshShards();
    const busy = await Promise.all([...shards.values()].filter(isReady).map(pollShard));
    return busy.some(Boolean);
  };

  // settled(): each waiter is answered by the first poll that began after it asked, and asking cuts the
  // idle wait short.
  type Waiter = { after: number; resolve: () => void; reject: (error: unknown) => void };
  let waiters: Waiter[] = [];
  let pollsStarted = 0;
  let wakeRequested = false;
  let wakeUp = new AbortController();
  const answer = (poll: number, settle: (waiter: Waiter) => void) => {
    const due = waiters.filter((waiter) => waiter.after < poll);
    waiters = waiters.filter((waiter) => waiter.after >= poll);
    for (const waiter of due) settle(waiter);
  };

  const run = async () => {
    while (!stopping.signal.aborted) {
      const poll = ++pollsStarted;
      wakeRequested = false;
      try {
        if (!(await pollOnce())) answer(poll, (waiter) => waiter.resolve());
      } catch (error) {
        answer(poll, (waiter) => waiter.reject(error));
        (options.onError ?? console.error)(error);
      }
      if (wakeRequested) continue;
      wakeUp = new AbortController();
      await pause(pollIntervalMs, AbortSignal.any([stopping.signal, wakeUp.signal]));
    }
  };
  const running = run();

  return {
    streamArn,
    settled: () =>
      new Promise<void>((resolve, reject) => {
        if (stopping.signal.aborted) return reject(new Error('the stream poller is stopped'));
        waiters.push({ after: pollsStarted, resolve, reject });
        wakeRequested = true;
        wakeUp.abort();
      }),
    stop: async () => {
      stopping.abort();
      await running;
      answer(Number.POSITIVE_INFINITY, (waiter) => waiter.reject(new Error('the stream poller stopped')));
      streams.destroy();
    },
  };
};
