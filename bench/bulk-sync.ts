// Bench: "Sync all customers" for 1,000 customers against the emulator with Intuit's limits on
// (500 requests/min per company, 10 at once, batches of 30 metered per item, 40 batch calls/min),
// beside a naive loop that syncs the same customers one request at a time through the same emulator.
// Prints wall times, failures, duplicates, QuickBooks units spent, and the minimum the limits allow.
import { setTimeout as delay } from 'node:timers/promises';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import type { QboEmulator } from '../local/qbo-emulator';
import { customerFieldsOf } from '../shared/customers/qbo-customer';
import type { JobView } from '../shared/jobs/job';
import { qboString } from '../shared/qbo/qbo-query';
import type { User } from '../shared/users/user';
import { startTestApp } from '../test/support/app-harness';
import { aUser, signedInClient } from '../test/support/builders';
import { connectQbo } from '../test/support/qbo-connect';
import { connectCompany, qboApi } from '../test/support/qbo-emulator';
import { setQboToggles } from '../test/support/qbo-settings';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1000);
// Already in QuickBooks before the first sync: the same customer (email and name), or one of the same
// name without an email (Deskbooks links it and fills the email in).
const EXISTING_SAME = Math.round(CUSTOMERS * 0.3);
const EXISTING_BY_NAME = Math.round(CUSTOMERS * 0.1);
const INTUIT = { throttlePerMinute: 500, maxConcurrent: 10, batchCallsPerMinute: 40 };
const SETUP_CONCURRENCY = 8;
const JOB_LIMIT_MS = 15 * 60_000;

type Api = ReturnType<typeof qboApi>;

const inPool = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: limit }, worker));
};

/** QuickBooks' units in any 60 s window, from an empty one: the n-th unit cannot go before ⌊(n−1)/limit⌋ minutes. */
const minimumSeconds = (units: number, batchCalls: number) =>
  Math.max(
    Math.floor(Math.max(0, units - 1) / INTUIT.throttlePerMinute) * 60,
    Math.floor(Math.max(0, batchCalls - 1) / INTUIT.batchCallsPerMinute) * 60,
  );

/** Units and batch calls a company was charged, from the emulator's call log since the reset. */
const unitsOf = (emulator: QboEmulator, batchItems: () => number) => {
  const counts = emulator.callCounts();
  const api = Object.entries(counts).filter(([key]) => key.includes('/v3/company/'));
  const batchCalls = counts['POST /v3/company/:realm/batch'] ?? 0;
  const singles = api.filter(([key]) => !key.endsWith('/batch')).reduce((sum, [, count]) => sum + count, 0);
  return { units: singles + batchItems(), batchCalls, singles };
};

/** Seeds the company with the customers QuickBooks already has, in batches, outside the limits. */
const seedCompany = async (api: Api, users: readonly User[]) => {
  const existing = [
    ...users.slice(0, EXISTING_SAME).map((user) => ({ ...customerFieldsOf(user), DisplayName: user.name })),
    ...users
      .slice(EXISTING_SAME, EXISTING_SAME + EXISTING_BY_NAME)
      .map((user) => ({ DisplayName: user.name })),
  ];
  for (let start = 0; start < existing.length; start += 30) {
    const items = existing.slice(start, start + 30).map((Customer, index) => ({
      bId: String(index + 1),
      operation: 'create',
      Customer,
    }));
    const answer = await api.post('batch', { BatchItemRequest: items });
    if (answer.status !== 200) throw new Error(`seeding failed: ${answer.status}`);
  }
};

/**
 * What one-request-per-customer code does (the single "Sync to QBO" button, clicked for everyone): the
 * same rules (email, then name, then create), waiting out each 429 as QuickBooks' Retry-After says.
 */
const naiveLoop = async (api: Api, users: readonly User[]) => {
  let throttled = 0;
  let failed = 0;
  const call = async (send: () => ReturnType<Api['get']>) => {
    for (;;) {
      const answer = await send();
      if (answer.status !== 429) return answer;
      throttled += 1;
      await delay(Math.max(0.2, Number(answer.headers.get('retry-after') ?? 1)) * 1000);
    }
  };
  const find = async (where: string) =>
    (await call(() => api.query(`SELECT * FROM Customer WHERE ${where} MAXRESULTS 1`))).body?.QueryResponse
      ?.Customer?.[0];
  for (const user of users) {
    const match =
      (await find(`PrimaryEmailAddr = ${qboString(user.email)}`)) ??
      (await find(`DisplayName = ${qboString(user.name)}`));
    if (match) continue;
    const created = await call(() =>
      api.post('customer?minorversion=75', { ...customerFieldsOf(user), DisplayName: user.name }),
    );
    if (created.status !== 200) failed += 1;
  }
  return { throttled, failed };
};

const duplicatesIn = (emulator: QboEmulator, realmId: string, users: readonly User[]) => {
  const byEmail = new Map<string, number>();
  for (const customer of emulator.entities(realmId, 'Customer')) {
    const address = (customer.PrimaryEmailAddr as { Address?: string } | undefined)?.Address;
    if (address) byEmail.set(address, (byEmail.get(address) ?? 0) + 1);
  }
  const names = new Set(emulator.entities(realmId, 'Customer').map((customer) => customer.DisplayName));
  const missing = users.filter((user) => !byEmail.has(user.email) && !names.has(user.name)).length;
  const duplicates = [...byEmail.values()].filter((count) => count > 1).length;
  return { missing, duplicates };
};

const main = async () => {
  const dynamo = await startDynamoDbLocal();
  const app = await startTestApp({
    qbo: true,
    events: true,
    dynamoEndpoint: dynamo.endpoint,
    env: { LOG_LEVEL: 'warn' },
  });
  const emulator = app.qbo ?? (undefined as never);
  try {
    const admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
    await setQboToggles(app, { syncUser: true });
    await connectQbo(app, admin);
    const deskbooksCompany = await connectCompany(emulator);
    const naiveCompany = await connectCompany(emulator, '9341450000000002');
    const users: User[] = [];
    const names = Array.from(
      { length: CUSTOMERS },
      (_, index) => `Bench Customer ${String(index + 1).padStart(4, '0')}`,
    );
    await inPool(names, SETUP_CONCURRENCY, async (name) => {
      users.push(await aUser(app, { role: 'customer', name }));
    });
    users.sort((a, b) => a.name.localeCompare(b.name));

    emulator.updateSettings({
      throttlePerMinute: 1_000_000,
      maxConcurrent: 1_000,
      batchCallsPerMinute: 1_000_000,
    });
    const deskbooksApi = qboApi(emulator, deskbooksCompany);
    const naiveApi = qboApi(emulator, naiveCompany);
    await seedCompany(deskbooksApi, users);
    await seedCompany(naiveApi, users);
    await app.events.settled();
    // Intuit's limits from here on, on an empty window.
    emulator.updateSettings(INTUIT);
    emulator.advanceClock(61);

    // Deskbooks: one click, then the progress bar's own polling until it is done.
    let batchItems = 0;
    const countItems = (body: unknown) => {
      const items = (body as { BatchItemRequest?: unknown[] } | undefined)?.BatchItemRequest;
      if (Array.isArray(items)) batchItems += items.length;
    };
    const originalFetch = globalThis.fetch;
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes(`/v3/company/${deskbooksCompany.realmId}/batch`) && typeof init?.body === 'string') {
        const answer = await originalFetch(input, init);
        if (answer.status === 200) countItems(JSON.parse(init.body));
        return answer;
      }
      return originalFetch(input, init);
    }) as typeof fetch;
    emulator.resetCallCounts();
    const started = Date.now();
    const job = (await admin.request('POST', '/api/jobs', { kind: 'sync-customers' })).body as { id: string };
    let view = {} as JobView;
    for (;;) {
      view = (await admin.request('GET', `/api/jobs/${job.id}`)).body as JobView;
      if (view.state === 'done' || view.state === 'cancelled') break;
      if (Date.now() - started > JOB_LIMIT_MS)
        throw new Error(`job still ${view.state} after ${JOB_LIMIT_MS} ms`);
      await delay(250);
    }
    const deskbooksSeconds = (Date.now() - started) / 1000;
    globalThis.fetch = originalFetch;
    const deskbooksUnits = unitsOf(emulator, () => batchItems);
    const deskbooksCheck = duplicatesIn(emulator, deskbooksCompany.realmId, users);

    // The naive loop, on the other company seeded the same way, from an empty window too.
    emulator.advanceClock(61);
    emulator.resetCallCounts();
    const naiveStarted = Date.now();
    const naive = await naiveLoop(naiveApi, users);
    const naiveSeconds = (Date.now() - naiveStarted) / 1000;
    const naiveUnits = unitsOf(emulator, () => 0);
    const naiveCheck = duplicatesIn(emulator, naiveCompany.realmId, users);

    const minimum = minimumSeconds(deskbooksUnits.units, deskbooksUnits.batchCalls);
    const rows: [string, string, string][] = [
      ['', 'Deskbooks (Sync all customers)', 'naive loop'],
      ['wall time', `${deskbooksSeconds.toFixed(1)} s`, `${naiveSeconds.toFixed(1)} s`],
      ['failures', String(view.progress.failed), String(naive.failed)],
      ['duplicates in QuickBooks', String(deskbooksCheck.duplicates), String(naiveCheck.duplicates)],
      ['customers missing from QuickBooks', String(deskbooksCheck.missing), String(naiveCheck.missing)],
      ['QuickBooks units (requests + batch items)', String(deskbooksUnits.units), String(naiveUnits.units)],
      ['batch calls', String(deskbooksUnits.batchCalls), '0'],
      ['requests answered 429', '(paced: see emulator)', String(naive.throttled)],
    ];
    console.log(
      `\nSync all customers: ${CUSTOMERS} customers, ${EXISTING_SAME} already in QuickBooks as they are, ${EXISTING_BY_NAME} by name only`,
    );
    console.log(
      `Intuit's limits: ${INTUIT.throttlePerMinute} units/min (batch items metered), ${INTUIT.maxConcurrent} at once, ${INTUIT.batchCallsPerMinute} batch calls/min\n`,
    );
    for (const [label, ours, theirs] of rows) console.log(`${label.padEnd(44)}${ours.padEnd(34)}${theirs}`);
    console.log(`\nprogress: ${JSON.stringify(view.progress)}`);
    const reasons = new Map<string, number>();
    for (const failure of view.failures)
      reasons.set(failure.message, (reasons.get(failure.message) ?? 0) + 1);
    for (const [message, count] of reasons) console.log(`  latest failures: ${count} × ${message}`);
    console.log(
      `Deskbooks is ${(naiveSeconds / deskbooksSeconds).toFixed(2)}× faster than the naive loop (target ≥ 3×)`,
    );
    console.log(
      `minimum the limits allow for Deskbooks' ${deskbooksUnits.units} units and ${deskbooksUnits.batchCalls} batch calls: ${minimum} s; ` +
        `Deskbooks took ${minimum ? (deskbooksSeconds / minimum).toFixed(2) : '–'}× that (target ≤ 1.2×)`,
    );
  } finally {
    await app.close();
    await dynamo.stop();
  }
};

await main();
