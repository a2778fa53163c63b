import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchWriteCommand,
  DeleteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../local/create-table';
import type { DeadLetter } from '../../local/stream-event';
import { type StreamPoller, startStreamPoller } from '../../local/stream-poller';
import { createTable, type Table } from '../../shared/db/table';
import { QBO_EVENTS_SOURCE, type StreamSourceSettings } from '../../shared/event-sources';
import { QBO_EVENT_PK_PREFIX, qboEventKey, userKey } from '../../shared/keys';

// The one-machine event source mapping (local/stream-poller.ts) over DynamoDB Local's real stream, with
// the settings the stack deploys, driving a handler defined here. Each test has a table of its own, so
// its stream holds only what the test wrote.

const REALM = '9341450000000001';
const endpoint = inject('dynamoEndpoint');

type Handled = { sortKeys: string[]; failed: string[] };

const sortKeyOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.SK?.S ?? '';
const sequenceOf = (record: DynamoDBRecord) => record.dynamodb?.SequenceNumber ?? '';
const eventKey = (n: number) =>
  qboEventKey(REALM, `2026-03-01T09:00:${String(n).padStart(4, '0')}Z`, `event-${n}`);
const sortKeysOf = (numbers: number[]) => numbers.map((n) => eventKey(n).SK);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const putEvent = (table: Table, n: number) =>
  table.doc.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...eventKey(n), entity: 'Invoice', entityId: String(n) },
    }),
  );
const putEvents = async (table: Table, numbers: number[]) => {
  for (const n of numbers) await putEvent(table, n);
};
const putEventsInBulk = async (table: Table, numbers: number[]) => {
  for (let start = 0; start < numbers.length; start += 25) {
    const items = numbers.slice(start, start + 25).map((n) => ({ PutRequest: { Item: eventKey(n) } }));
    await table.doc.send(new BatchWriteCommand({ RequestItems: { [table.name]: items } }));
  }
};
const storedEvents = async (table: Table) =>
  (
    await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `${QBO_EVENT_PK_PREFIX}${REALM}` },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

const newTable = async (): Promise<Table> => {
  const tableName = `poller-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  return createTable({ tableName, region: 'local', endpoint });
};

/** A handler that records each batch; `fails(sortKey, attempt)` says which records it reports failed. */
const recordingHandler = (fails: (sortKey: string, attempt: number) => boolean = () => false) => {
  const batches: Handled[] = [];
  const attempts = new Map<string, number>();
  const events: DynamoDBStreamEvent[] = [];
  const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    events.push(event);
    const failed = event.Records.filter((record) => {
      const attempt = (attempts.get(sortKeyOf(record)) ?? 0) + 1;
      attempts.set(sortKeyOf(record), attempt);
      return fails(sortKeyOf(record), attempt);
    });
    batches.push({ sortKeys: event.Records.map(sortKeyOf), failed: failed.map(sortKeyOf) });
    return { batchItemFailures: failed.map((record) => ({ itemIdentifier: sequenceOf(record) })) };
  };
  return { handler, batches, events };
};

const pollers: StreamPoller[] = [];
const startPoller = async (
  table: Table,
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>,
  options: { checkpointFile?: string; source?: StreamSourceSettings } = {},
) => {
  const deadLetters: DeadLetter[] = [];
  const poller = await startStreamPoller({
    endpoint,
    tableName: table.name,
    functionName: 'test-worker',
    handler,
    source: QBO_EVENTS_SOURCE,
    timeoutSeconds: 5,
    deadLetters: (letter) => {
      deadLetters.push(letter);
    },
    pollIntervalMs: 20,
    ...options,
  });
  pollers.push(poller);
  return { poller, deadLetters };
};

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

describe('local stream poller', () => {
  it('hands each new event to the handler once, in the order it was written', async () => {
    const table = await newTable();
    const { handler, batches } = recordingHandler();
    const { poller } = await startPoller(table, handler);

    await putEvents(table, range(1, 30));
    await poller.settled();

    expect(batches.flatMap((batch) => batch.sortKeys)).toEqual(sortKeysOf(range(1, 30)));
  });

  it('sends the event Lambda sends: the stream, the keys, the new image and the sequence number', async () => {
    const table = await newTable();
    const { handler, events } = recordingHandler();
    const { poller } = await startPoller(table, handler);

    await putEvent(table, 1);
    await poller.settled();

    const [record] = events[0]?.Records ?? [];
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventSourceARN: poller.streamArn,
      dynamodb: {
        Keys: { PK: { S: eventKey(1).PK }, SK: { S: eventKey(1).SK } },
        NewImage: { PK: { S: eventKey(1).PK }, entity: { S: 'Invoice' }, entityId: { S: '1' } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        ApproximateCreationDateTime: expect.any(Number),
        StreamViewType: 'NEW_IMAGE',
      },
    });
  });

  it('gathers a burst into batches of at most the batch size', async () => {
    const table = await newTable();
    const { handler, batches } = recordingHandler();
    await putEventsInBulk(table, range(1, 250));

    const { poller } = await startPoller(table, handler);
    await poller.settled();

    expect(batches.map((batch) => batch.sortKeys.length)).toEqual([100, 100, 50]);
    expect(new Set(batches.flatMap((batch) => batch.sortKeys))).toEqual(new Set(sortKeysOf(range(1, 250))));
  });

  it('leaves out what the filter leaves out: other items, and later changes to an event', async () => {
    const table = await newTable();
    const { handler, batches } = recordingHandler();
    const { poller } = await startPoller(table, handler);

    await table.doc.send(new PutCommand({ TableName: table.name, Item: { ...userKey('u1'), name: 'Ada' } }));
    await putEvent(table, 1);
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: eventKey(1),
        UpdateExpression: 'SET handled = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    await table.doc.send(new DeleteCommand({ TableName: table.name, Key: eventKey(1) }));
    await poller.settled();

    expect(batches.flatMap((batch) => batch.sortKeys)).toEqual(sortKeysOf([1]));
  });

  it('retries a batch from its first failed record, as Lambda does', async () => {
    const table = await newTable();
    const { handler, batches } = recordingHandler(
      (sortKey, attempt) => attempt === 1 && [eventKey(3).SK, eventKey(4).SK].includes(sortKey),
    );
    await putEvents(table, range(1, 5));

    const { poller, deadLetters } = await startPoller(table, handler);
    await poller.settled();

    expect(batches.map((batch) => batch.sortKeys)).toEqual([
      sortKeysOf(range(1, 5)),
      sortKeysOf(range(3, 5)),
    ]);
    expect(deadLetters).toEqual([]);
  });

  it('retries the whole batch when the handler throws', async () => {
    const table = await newTable();
    const seen: string[][] = [];
    const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      seen.push(event.Records.map(sortKeyOf));
      if (seen.length === 1) throw new Error('QuickBooks is unavailable');
      return { batchItemFailures: [] };
    };
    await putEvents(table, range(1, 3));

    const { poller } = await startPoller(table, handler);
    await poller.settled();

    expect(seen).toEqual([sortKeysOf(range(1, 3)), sortKeysOf(range(1, 3))]);
  });

  it('dead-letters a record still failing after the retry limit, keeps its event in the table and goes on', async () => {
    const table = await newTable();
    const { handler, batches } = recordingHandler((sortKey) => sortKey === eventKey(2).SK);
    await putEvents(table, range(1, 3));
    const { poller, deadLetters } = await startPoller(table, handler);
    await poller.settled();

    await putEvent(table, 4);
    await poller.settled();

    expect(batches.map((batch) => batch.sortKeys)).toEqual([
      sortKeysOf(range(1, 3)),
      ...Array.from({ length: QBO_EVENTS_SOURCE.retryAttempts }, () => sortKeysOf(range(2, 3))),
      sortKeysOf([4]),
    ]);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      requestContext: {
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: QBO_EVENTS_SOURCE.retryAttempts + 1,
      },
      DDBStreamBatchInfo: { batchSize: 2, streamArn: poller.streamArn },
    });
    expect(deadLetters[0]?.records.map(sortKeyOf)).toEqual(sortKeysOf(range(2, 3)));
    expect((await storedEvents(table)).map((item) => item.SK)).toEqual(sortKeysOf(range(1, 4)));
  });

  it('dead-letters records older than the maximum record age without handing them to the handler', async () => {
    const table = await newTable();
    const { handler, batches } = recordingHandler();
    await putEvents(table, range(1, 2));

    const { poller, deadLetters } = await startPoller(table, handler, {
      source: { ...QBO_EVENTS_SOURCE, maxRecordAgeSeconds: 0 },
    });
    await poller.settled();

    expect(batches).toEqual([]);
    expect(deadLetters.map((letter) => letter.requestContext.condition)).toEqual(['RecordAgeExceeded']);
    expect(deadLetters[0]?.records.map(sortKeyOf)).toEqual(sortKeysOf(range(1, 2)));
  });

  it('resumes after the last handled record when started again with its checkpoint file', async () => {
    const table = await newTable();
    const checkpointFile = join(mkdtempSync(join(tmpdir(), 'deskbooks-poller-')), 'checkpoints.json');
    const first = recordingHandler();
    const { poller } = await startPoller(table, first.handler, { checkpointFile });
    await putEvents(table, range(1, 3));
    await poller.settled();
    await poller.stop();

    await putEvents(table, range(4, 5));
    const second = recordingHandler();
    const restarted = await startPoller(table, second.handler, { checkpointFile });
    await restarted.poller.settled();

    expect(first.batches.flatMap((batch) => batch.sortKeys)).toEqual(sortKeysOf(range(1, 3)));
    expect(second.batches.flatMap((batch) => batch.sortKeys)).toEqual(sortKeysOf(range(4, 5)));
  });
});
