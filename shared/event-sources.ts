// How asynchronous work reaches its Lambdas: the stack deploys these settings (infra/qbo-event-pipeline.ts)
// and the one-machine runtime copies them (local/stream-poller.ts, local/schedule.ts), so both behave alike.
// No CDK here: local code imports it, and nothing in it may grow a Lambda bundle.
import { JOB_ITEM_SK_PREFIX, JOB_PK_PREFIX, JOB_SK, QBO_EVENT_PK_PREFIX } from './keys';
import { TABLE_KEYS } from './table-definition';

/** One value rule of a Lambda event filter: this exact string, or any string with this prefix. */
export type FilterRule = string | { prefix: string };
/** A Lambda event filter pattern over a record's JSON (the part of the syntax Deskbooks uses). */
export type FilterPattern = { readonly [field: string]: FilterPattern | readonly FilterRule[] };

/** What an event source mapping over the table's stream is told. */
export type StreamSourceSettings = {
  /** A record reaches the handler when it matches any of them; the rest are skipped. */
  filters: readonly FilterPattern[];
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** Retries of a failed batch (from its first failed record) before it goes to the dead-letter queue. */
  retryAttempts: number;
  /** Older records go to the dead-letter queue without reaching the handler. */
  maxRecordAgeSeconds: number;
};

/** The QBO events inbox → the `qbo-events` worker. */
export const QBO_EVENTS_SOURCE = {
  // Only new inbox items: an event is written once, and the worker's own writes (snapshots, history)
  // must not wake it again.
  filters: [
    {
      eventName: ['INSERT'],
      dynamodb: { Keys: { [TABLE_KEYS.partitionKey]: { S: [{ prefix: QBO_EVENT_PK_PREFIX }] } } },
    },
  ],
  batchSize: 100,
  // Long enough to gather a webhook burst into one QuickBooks query per entity type, short enough
  // that a status shows within seconds.
  maxBatchingWindowSeconds: 1,
  // A retry starts from the first failed record and blocks the shard while it runs: five ride out a
  // throttled or briefly unavailable QuickBooks; past that the record waits in the dead-letter queue,
  // its event stays in the table, and the next backstop run reads the same change from CDC.
  retryAttempts: 5,
  // By then four backstop runs have read the change: an older record is dead-lettered, not applied late.
  maxRecordAgeSeconds: 60 * 60,
} as const satisfies StreamSourceSettings;

/** Bulk jobs → the `qbo-jobs` worker: a new job (to plan) and each new item of 30 subjects (to work). */
export const QBO_JOBS_SOURCE = {
  // Only inserts: the worker's own progress writes (results, state) must not wake it again; an item
  // it cannot finish (out of time, or of the company's QuickBooks budget) continues as a new item.
  filters: [
    {
      eventName: ['INSERT'],
      dynamodb: {
        Keys: {
          [TABLE_KEYS.partitionKey]: { S: [{ prefix: JOB_PK_PREFIX }] },
          [TABLE_KEYS.sortKey]: { S: [JOB_SK, { prefix: JOB_ITEM_SK_PREFIX }] },
        },
      },
    },
  ],
  // A few items at once: their writes share one paced budget per company, so more would only wait.
  batchSize: 3,
  maxBatchingWindowSeconds: 0,
  // A retried item skips the subjects it already finished; a subject is never done twice.
  retryAttempts: 5,
  // A job item waits for the company's budget, never for hours: an older record is dead-lettered.
  maxRecordAgeSeconds: 6 * 60 * 60,
} as const satisfies StreamSourceSettings;

/** How often the CDC backstop runs unless the deployment (`cdcIntervalMinutes`) or the machine says otherwise. */
export const CDC_INTERVAL_MINUTES = 15;

/** Retries Lambda makes of a failed backstop run it was handed asynchronously (EventBridge → Lambda). */
export const CDC_ASYNC_RETRY_ATTEMPTS = 1;

/** The event-driven Lambdas' timeouts: the stack deploys them and the local poller and timer enforce them. */
export const TASK_TIMEOUT_SECONDS = {
  // A batch: one QuickBooks query per entity type and the conditional writes of up to 100 events.
  'qbo-events': 60,
  // Every connected company's CDC pages, paced inside Intuit's limits.
  'qbo-cdc': 300,
  // Up to three items of 30 subjects, waiting for the company's budget when the minute is spent.
  'qbo-jobs': 300,
} as const;
