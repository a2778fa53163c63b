// Money coming back by itself (issue 13), on the local stack as `npm start` runs it: DynamoDB Local, the
// QBO emulator posting signed webhooks to the app's POST /api/qbo/webhooks, the app's gateway, and the
// event pipeline (the table's stream driving functions/qbo-events, the CDC backstop on its timer).
// 200 invoices made with "Create invoice", then a burst of 1,000 payments recorded in QuickBooks across
// them. Prints whether every stored snapshot ends as QuickBooks has it, the QuickBooks reads per event,
// the time from a change to its stored status and what the pipeline carried. Prints figures; never
// fails on them (only a stack that does not run exits non-zero).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { localClientConfig, startDynamoDbLocal } from '../local/dynamodb-local';
import { startEventPipeline } from '../local/event-pipeline';
import type { Entity, QboEmulator, WebhookDelivery } from '../local/qbo-emulator';
import type { AsyncFailure } from '../local/schedule';
import type { DeadLetter } from '../local/stream-event';
import { CDC_INTERVAL_MINUTES } from '../shared/event-sources';
import { companyToday } from '../shared/invoices/qbo-invoice';
import {
  parseIssueInvoiceSk,
  QBO_EVENT_PK_PREFIX,
  realmConnectionsPartition,
  webhookStatusKey,
} from '../shared/keys';
import { startTestApp, type TestApp, type TestClient } from '../test/support/app-harness';
import { aFixedFee, billAmount } from '../test/support/billing';
import { anIssue, aUser, signedInClient } from '../test/support/builders';
import { connectQbo } from '../test/support/qbo-connect';
import { setQboToggles } from '../test/support/qbo-settings';

const INVOICES = 200;
const CUSTOMERS = 20;
const PAYMENTS_PER_INVOICE = 5;
// 1,000 changes in about 5 s: faster than the app acknowledges one POST per change, so the emulator
// batches what waits behind a POST in flight (as Intuit does) and the worker's batching window fills.
const CHANGE_SPACING_MS = 5;
// "Create invoice" clicks in flight at once while setting up: well inside the emulator's 10 per company.
const SETUP_CONCURRENCY = 4;
const SETTLE_LIMIT_MS = 120_000;
const SHUFFLE_SEED = 13;
// Shares of an invoice's total paid by its first four payments; the fifth pays the rest on every other
// invoice (Paid) and a tenth on the others (still Partial).
const PAYMENT_SHARES = [0.1, 0.2, 0.3, 0.15];
const LAST_PARTIAL_SHARE = 0.1;

type Stack = Awaited<ReturnType<typeof startStack>>;
type Invoiced = { invoiceId: string; totalCents: number };
type PlannedPayment = { invoiceId: string; cents: number };
/** A change made in QuickBooks: when, and the invoice's SyncToken it left. */
type Change = { invoiceId: string; at: number; syncToken: number };
/** A snapshot the worker stored: the invoice's SyncToken it holds, and when the worker read it. */
type SnapshotWrite = { syncToken: number; seenAt: number };
type StoredItem = { realmId: string; invoiceId: string; status: string; balance: string };

/** The stack as `npm start` wires it, on a fresh table, with the dead letters kept for the count. */
const startStack = async () => {
  const dynamo = await startDynamoDbLocal();
  // LOG_LEVEL as npm start has it: a worker batch that fails says so.
  const app = await startTestApp({ qbo: true, dynamoEndpoint: dynamo.endpoint, env: { LOG_LEVEL: 'warn' } });
  const emulator = app.qbo ?? (undefined as never);
  const { intuitWebhookVerifierToken } = await app.runtime.loadSecrets();
  // As local/start.ts: signed with the app's verifier token, Intuit's retry schedule 60 times faster.
  emulator.configureWebhooks({
    url: `${app.baseUrl}/api/qbo/webhooks`,
    verifierToken: intuitWebhookVerifierToken,
    timeScale: 60,
  });
  const workerDeadLetters: DeadLetter[] = [];
  const backstopFailures: AsyncFailure[] = [];
  const pipeline = await startEventPipeline({
    endpoint: dynamo.endpoint,
    tableName: app.tableName,
    cdcIntervalMinutes: CDC_INTERVAL_MINUTES,
    timer: true,
    checkpointFile: join(mkdtempSync(join(tmpdir(), 'deskbooks-bench-')), 'stream-checkpoints.json'),
    workerDeadLetters: (letter) => void workerDeadLetters.push(letter),
    backstopFailures: (failure) => void backstopFailures.push(failure),
  });
  const stop = async () => {
    await pipeline.stop();
    await app.close();
    await dynamo.stop();
  };
  return { dynamo, app, emulator, pipeline, workerDeadLetters, backstopFailures, stop };
};

/** Counts the worker's batches: each one looks up a usable connection to the company once. */
const countWorkerBatches = (app: TestApp, realmId: string) => {
  const partition = realmConnectionsPartition(realmId);
  let batches = 0;
  app.runtime.table.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand' && JSON.stringify(args.input).includes(partition))
        batches += 1;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountWorkerBatches' },
  );
  return {
    count: () => batches,
    reset: () => {
      batches = 0;
    },
  };
};

/** Runs `work` over `items`, `limit` at a time. */
const inPool = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>) => {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
};

/** Whatever QuickBooks has to send is acknowledged, and the worker is done with what it recorded. */
const settle = async (stack: Stack) => {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  while (stack.emulator.webhookDeliveries().some((delivery) => delivery.state === 'pending')) {
    if (Date.now() > deadline) throw new Error(`webhooks still pending after ${SETTLE_LIMIT_MS} ms`);
    await delay(100);
  }
  await stack.pipeline.poller.settled();
};

/** Staff connected to QuickBooks, the sync toggles on, a catalogue entry mapped to "Services". */
const prepareBilling = async (stack: Stack, realmId: string) => {
  const { app } = stack;
  const staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
  const admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  await connectQbo(app, staff);
  await setQboToggles(app, { syncUser: true, syncInvoice: true });
  const fixedFee = await aFixedFee(app, admin, realmId);
  return { staff, admin, fixedFee };
};

/** 200 issues of 20 customers, one billable entry each, invoiced with "Create invoice". */
const createInvoices = async (stack: Stack, staff: TestClient, catalogId: string) => {
  const customers = await inPool(Array.from({ length: CUSTOMERS }), SETUP_CONCURRENCY, () =>
    aUser(stack.app, { role: 'customer' }),
  );
  return inPool(
    Array.from({ length: INVOICES }, (_, index) => index),
    SETUP_CONCURRENCY,
    async (index): Promise<Invoiced> => {
      const requestor = customers[index % CUSTOMERS] ?? (undefined as never);
      const issue = await anIssue(stack.app, {
        requestorId: requestor.id,
        title: `Bench issue ${index + 1}`,
      });
      const totalCents = (100 + (index % 9) * 25) * 100;
      await billAmount(staff, issue.id, { catalogId, amount: (totalCents / 100).toFixed(2) });
      const created = await staff.request('POST', `/api/issues/${issue.id}/invoice`);
      if (created.status !== 200)
        throw new Error(`Create invoice failed: ${created.status} ${JSON.stringify(created.body)}`);
      return { invoiceId: String(created.body.invoice.id), totalCents };
    },
  );
};

/** A fixed shuffle (mulberry32), so every run makes the same changes in the same order. */
const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
};

/** Five payments per invoice, interleaved: round by round, each round over the invoices in its own order. */
const planPayments = (invoiced: readonly Invoiced[]): PlannedPayment[] => {
  const amountsOf = ({ totalCents }: Invoiced, index: number) => {
    const first = PAYMENT_SHARES.map((share) => Math.floor(totalCents * share));
    const paid = first.reduce((sum, cents) => sum + cents, 0);
    const last = index % 2 === 0 ? totalCents - paid : Math.floor(totalCents * LAST_PARTIAL_SHARE);
    return [...first, last];
  };
  const amounts = invoiced.map(amountsOf);
  return Array.from({ length: PAYMENTS_PER_INVOICE }, (_, round) =>
    shuffled(
      invoiced.map((invoice, index) => ({
        invoiceId: invoice.invoiceId,
        cents: amounts[index]?.[round] ?? 0,
      })),
      SHUFFLE_SEED + round,
    ),
  ).flat();
};

const invoiceOf = (emulator: QboEmulator, realmId: string, invoiceId: string) =>
  emulator.entities(realmId, 'Invoice').find((invoice) => invoice.Id === invoiceId);

/** The payments recorded in QuickBooks one every few milliseconds, each noted with when it was made. */
const makeBurst = async (emulator: QboEmulator, realmId: string, plan: readonly PlannedPayment[]) => {
  const changes: Change[] = [];
  const start = Date.now();
  for (const [index, payment] of plan.entries()) {
    // Always yield: changes made in one tick would all leave in one POST.
    await delay(Math.max(0, start + index * CHANGE_SPACING_MS - Date.now()));
    emulator.applyPayment({ realmId, invoiceId: payment.invoiceId, amount: payment.cents / 100 });
    const at = Date.now();
    const syncToken = Number(invoiceOf(emulator, realmId, payment.invoiceId)?.SyncToken);
    changes.push({ invoiceId: payment.invoiceId, at, syncToken });
  }
  return changes;
};

const cents = (amount: unknown) => Math.round(Number(amount ?? 0) * 100);

/** What the Invoices page should say of an invoice QuickBooks holds, worked out from its total and balance. */
const expectedState = (invoice: Entity, today: string) => {
  const total = cents(invoice.TotalAmt);
  const balance = cents(invoice.Balance);
  const state = balance <= 0 ? 'paid' : balance < total ? 'partial' : 'unpaid';
  const pastDue = typeof invoice.DueDate === 'string' && invoice.DueDate < today;
  return state !== 'paid' && pastDue ? 'overdue' : state;
};

/** Every stored invoice, as the Invoices page lists them (GET /api/invoices, page by page). */
const storedInvoices = async (staff: TestClient): Promise<StoredItem[]> => {
  const items: StoredItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await staff.request(
      'GET',
      `/api/invoices?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (page.status !== 200)
      throw new Error(`GET /api/invoices: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
};

/** Each of our invoices whose stored status or balance is not QuickBooks' own, described. */
const snapshotMismatches = async (
  stack: Stack,
  staff: TestClient,
  realmId: string,
  invoiced: readonly Invoiced[],
) => {
  const stored = new Map(
    (await storedInvoices(staff))
      .filter((item) => item.realmId === realmId)
      .map((item) => [item.invoiceId, item]),
  );
  const today = companyToday(new Date());
  return invoiced.flatMap(({ invoiceId }) => {
    const truth = invoiceOf(stack.emulator, realmId, invoiceId);
    const item = stored.get(invoiceId);
    if (!truth || !item) return [`invoice ${invoiceId}: ${truth ? 'not stored' : 'not in QuickBooks'}`];
    const status = expectedState(truth, today);
    const balance = cents(truth.Balance);
    return item.status === status && cents(item.balance) === balance
      ? []
      : [
          `invoice ${invoiceId}: stored ${item.status} ${item.balance}, QuickBooks ${status} ${balance / 100}`,
        ];
  });
};

/** Every record of the table's stream, all shards (read once the pipeline has settled). */
const streamRecords = async (endpoint: string, streamArn: string): Promise<_Record[]> => {
  const streams = new DynamoDBStreamsClient(localClientConfig(endpoint));
  const records: _Record[] = [];
  try {
    let startShard: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: startShard }),
      );
      for (const shard of StreamDescription?.Shards ?? []) {
        let iterator = (
          await streams.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shard.ShardId,
              ShardIteratorType: 'TRIM_HORIZON',
            }),
          )
        ).ShardIterator;
        while (iterator) {
          const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
          records.push(...(page.Records ?? []));
          // An open shard keeps answering with an iterator: its end for now is an empty page.
          iterator = page.Records?.length ? page.NextShardIterator : undefined;
        }
      }
      startShard = StreamDescription?.LastEvaluatedShardId;
    } while (startShard);
    return records;
  } finally {
    streams.destroy();
  }
};

/** An invoice's Update event as the inbox recorded it: the change's time in QuickBooks, and when the app got it. */
type InboxEvent = { occurredAt: number; receivedAt: number };

const pushTo = <T>(map: Map<string, T[]>, key: string, value: T) => {
  map.set(key, [...(map.get(key) ?? []), value]);
};

/**
 * From the stream, since `since`: each invoice's stored snapshots, each invoice event first recorded in
 * the inbox (a repeated one writes nothing), and how many events the inbox recorded in all.
 */
const readBackWrites = (records: readonly _Record[], since: number) => {
  const snapshots = new Map<string, SnapshotWrite[]>();
  const invoiceEvents = new Map<string, InboxEvent[]>();
  let inboxEvents = 0;
  for (const record of records) {
    const keys = record.dynamodb?.Keys;
    const image = record.dynamodb?.NewImage;
    if (!image) continue;
    if (record.eventName === 'INSERT' && keys?.PK?.S?.startsWith(QBO_EVENT_PK_PREFIX)) {
      const receivedAt = Date.parse(image.receivedAt?.S ?? '');
      if (!(receivedAt >= since)) continue;
      inboxEvents += 1;
      if (image.entity?.S === 'Invoice')
        pushTo(invoiceEvents, image.entityId?.S ?? '', {
          occurredAt: Date.parse(image.occurredAt?.S ?? ''),
          receivedAt,
        });
      continue;
    }
    const invoice = parseIssueInvoiceSk(keys?.SK?.S ?? '');
    const seenAt = Date.parse(image.seenAt?.S ?? '');
    if (invoice && seenAt >= since)
      pushTo(snapshots, invoice.invoiceId, { syncToken: Number(image.syncToken?.N), seenAt });
  }
  return { snapshots, invoiceEvents, inboxEvents };
};

/**
 * Per change: from when it was made to the first stored snapshot at or past its SyncToken (undefined:
 * never), and to when the app received the webhook of its invoice update (the latest event of that
 * invoice that QuickBooks stamped at or before the change; its payments are a second apart).
 */
const timesOf = (
  changes: readonly Change[],
  snapshots: Map<string, SnapshotWrite[]>,
  invoiceEvents: Map<string, InboxEvent[]>,
) =>
  changes.map((change) => {
    const reached = (snapshots.get(change.invoiceId) ?? [])
      .filter((write) => write.syncToken >= change.syncToken)
      .map((write) => write.seenAt);
    const event = (invoiceEvents.get(change.invoiceId) ?? [])
      .filter((candidate) => candidate.occurredAt <= change.at)
      .reduce<InboxEvent | undefined>(
        (latest, candidate) => (latest && latest.occurredAt >= candidate.occurredAt ? latest : candidate),
        undefined,
      );
    const stored = reached.length ? Math.min(...reached) - change.at : undefined;
    const received = event ? event.receivedAt - change.at : undefined;
    return {
      stored,
      received,
      worked: stored !== undefined && received !== undefined ? stored - received : undefined,
    };
  });

const sortedFigures = (values: readonly (number | undefined)[]) =>
  values.flatMap((value) => (value === undefined ? [] : [value])).sort((a, b) => a - b);

const percentile = (sorted: readonly number[], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? Number.NaN;

/** The QuickBooks reads since the counts were reset: every v3 GET, and queries however sent. */
const qboReads = (emulator: QboEmulator) => {
  const reads = Object.entries(emulator.callCounts()).filter(
    ([key]) => key.includes('/v3/') && (key.startsWith('GET ') || key.endsWith('/query')),
  );
  return {
    total: reads.reduce((sum, [, calls]) => sum + calls, 0),
    detail: reads.map(([key, calls]) => `${calls}× ${key.replace('/v3/company/:realm', '')}`).join(', '),
  };
};

/** What the app counted of webhook deliveries (Settings → QBO's "last received" item). */
const webhookStatus = async (app: TestApp) => {
  const { Item } = await app.runtime.table.doc.send(
    new GetCommand({ TableName: app.runtime.table.name, Key: webhookStatusKey() }),
  );
  return { deliveries: Number(Item?.deliveries ?? 0), events: Number(Item?.events ?? 0) };
};

/** The notifications QuickBooks made during the burst: POSTs, attempts, failures, events. */
const deliveryFigures = (deliveries: readonly WebhookDelivery[]) => {
  const attempts = deliveries.flatMap((delivery) => delivery.attempts);
  const delivered = deliveries.filter((delivery) => delivery.state === 'delivered');
  return {
    notifications: deliveries.length,
    delivered: delivered.length,
    attempts: attempts.length,
    failedAttempts: attempts.filter((attempt) => attempt.status !== 200).length,
    eventsDelivered: delivered.reduce((sum, delivery) => sum + delivery.events.length, 0),
    largest: Math.max(0, ...deliveries.map((delivery) => delivery.events.length)),
  };
};

const printTable = (header: string[], rows: string[][]) => {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
};

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const ratio = (part: number, whole: number) => (whole ? (part / whole).toFixed(3) : 'n/a');

const stack = await startStack();
try {
  const { app, emulator } = stack;
  const realmId = emulator.companies[0]?.realmId ?? '';
  const batches = countWorkerBatches(app, realmId);
  const setupStart = Date.now();
  const { staff, fixedFee } = await prepareBilling(stack, realmId);
  const invoiced = await createInvoices(stack, staff, fixedFee.id);
  await settle(stack);
  const setupMs = Date.now() - setupStart;

  const plan = planPayments(invoiced);
  const deliveriesBefore = emulator.webhookDeliveries().length;
  const statusBefore = await webhookStatus(app);
  emulator.resetCallCounts();
  batches.reset();
  const burstStart = Date.now();
  const changes = await makeBurst(emulator, realmId, plan);
  const lastChangeAt = changes.at(-1)?.at ?? burstStart;
  await settle(stack);
  const settledAt = Date.now();

  const reads = qboReads(emulator);
  const workerBatches = batches.count();
  const mismatches = await snapshotMismatches(stack, staff, realmId, invoiced);
  const statusAfter = await webhookStatus(app);
  const webhooks = deliveryFigures(emulator.webhookDeliveries().slice(deliveriesBefore));
  const { snapshots, invoiceEvents, inboxEvents } = readBackWrites(
    await streamRecords(stack.dynamo.endpoint, stack.pipeline.poller.streamArn),
    burstStart,
  );
  const times = timesOf(changes, snapshots, invoiceEvents);
  const stored = sortedFigures(times.map((time) => time.stored));
  const received = sortedFigures(times.map((time) => time.received));
  const worked = sortedFigures(times.map((time) => time.worked));
  const snapshotWrites = [...snapshots.values()].reduce((sum, writes) => sum + writes.length, 0);
  const appEvents = statusAfter.events - statusBefore.events;

  console.log(
    `Money back: ${invoiced.length} invoices made with "Create invoice" (set up and settled in ${seconds(setupMs)}), ` +
      `then ${changes.length} payments recorded in QuickBooks over ${seconds(lastChangeAt - burstStart)}; ` +
      `all stored ${seconds(settledAt - lastChangeAt)} after the last.\n`,
  );
  printTable(
    ['figure', 'value', 'target'],
    [
      ['stored snapshots compared with QuickBooks', String(invoiced.length), ''],
      ['  mismatches (status or balance)', String(mismatches.length), '0'],
      ['QuickBooks reads during the burst', String(reads.total), ''],
      ['  which', reads.detail || 'none', ''],
      ['  per event delivered', ratio(reads.total, webhooks.eventsDelivered), '≤ 0.2'],
      ['  per change made', ratio(reads.total, changes.length), ''],
      ['change → stored status, median', ms(percentile(stored, 0.5)), ''],
      ['  95th percentile / max', `${ms(percentile(stored, 0.95))} / ${ms(percentile(stored, 1))}`, ''],
      ['  changes never stored', String(times.length - stored.length), '0'],
      [
        '  change → webhook received, median / max',
        `${ms(percentile(received, 0.5))} / ${ms(percentile(received, 1))}`,
        '',
      ],
      [
        '  received → stored (worker), median / max',
        `${ms(percentile(worked, 0.5))} / ${ms(percentile(worked, 1))}`,
        '',
      ],
      [
        'webhook notifications (POST bodies)',
        `${webhooks.delivered} delivered of ${webhooks.notifications}`,
        '',
      ],
      ['  POST attempts / not acknowledged', `${webhooks.attempts} / ${webhooks.failedAttempts}`, ''],
      ['  events sent (largest notification)', `${webhooks.eventsDelivered} (${webhooks.largest})`, ''],
      [
        'events received by the app / new in the inbox',
        `${appEvents} in ${statusAfter.deliveries - statusBefore.deliveries} deliveries / ${inboxEvents}`,
        '',
      ],
      ['worker batches (events per batch)', `${workerBatches} (${ratio(inboxEvents, workerBatches)})`, ''],
      [
        'snapshot writes (changes per write)',
        `${snapshotWrites} (${ratio(changes.length, snapshotWrites)})`,
        '',
      ],
      [
        'dead letters: worker / backstop',
        `${stack.workerDeadLetters.length} / ${stack.backstopFailures.length}`,
        '0 / 0',
      ],
    ],
  );
  for (const mismatch of mismatches.slice(0, 10)) console.log(`  ${mismatch}`);
  for (const letter of stack.workerDeadLetters)
    console.log(
      `  dead letter: ${letter.records.length} event(s), ${letter.requestContext.condition}${letter.error ? `: ${letter.error}` : ''}`,
    );
  for (const failure of stack.backstopFailures)
    console.log(`  backstop run failed: ${failure.responsePayload.errorMessage}`);
  console.log(`
Each payment is the emulator's applyPayment control (a Payment created, its invoice updated: two events).
Change → stored status: from the moment applyPayment returned to the seenAt of the first stored snapshot
holding that invoice's SyncToken or a later one, the worker's clock as it wrote it; every snapshot write is
read back from the table's stream once the pipeline has settled, so nothing samples the table meanwhile.
Reads count the emulator's GET and query calls from the burst's first change until everything settled; the
backstop runs every ${CDC_INTERVAL_MINUTES} min, so they are the worker's. Worker batches count its one connection lookup per batch.`);
} finally {
  await stack.stop();
}
