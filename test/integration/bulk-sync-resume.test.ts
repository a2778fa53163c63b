import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobItemKey, jobKey } from '../../shared/keys';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { setQboToggles } from '../support/qbo-settings';

// The jobs worker driven by hand, as Lambda's event source mapping would hand it the stream's records,
// so a test can cut an invocation off mid-item and hand the next record over itself.

let app: TestApp;
let admin: TestClient;
let realmId: string;
let jobsWorker: typeof import('../../functions/qbo-jobs/handler').handler;

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  // Imported once the harness has set the environment the handler reads at load.
  jobsWorker = (await import('../../functions/qbo-jobs/handler')).handler;
  admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  await setQboToggles(app, { syncUser: true });
  await connectQbo(app, admin);
  realmId = (await admin.request('GET', '/api/qbo/connection')).body.realmId;
});
afterAll(() => app.close());

const emulator = () => app.qbo ?? (undefined as never);
const recordOf = (key: { PK: string; SK: string }, sequence: number): DynamoDBStreamEvent => ({
  Records: [
    {
      eventName: 'INSERT',
      dynamodb: { Keys: { PK: { S: key.PK }, SK: { S: key.SK } }, SequenceNumber: String(sequence) },
    },
  ],
});
const invoke = (event: DynamoDBStreamEvent, remainingMs = 60_000) => {
  const deadline = Date.now() + remainingMs;
  return jobsWorker(event, { getRemainingTimeInMillis: () => deadline - Date.now() });
};
const customersWithEmail = (email: string) =>
  emulator()
    .entities(realmId, 'Customer')
    .filter((customer) => (customer.PrimaryEmailAddr as { Address?: string } | undefined)?.Address === email);

describe('a worker cut off mid-item', () => {
  it('leaves its subjects to the next worker, which finishes them without a duplicate', async () => {
    const users: User[] = [];
    for (let index = 0; index < 5; index += 1) users.push(await aUser(app, { role: 'customer' }));
    const job = (await admin.request('POST', '/api/jobs', { kind: 'sync-customers' })).body;
    await invoke(recordOf(jobKey(job.id), 1));
    // QuickBooks creates the customers, but answers after the worker's deadline: it never learns the ids.
    emulator().injectFault({
      method: 'POST',
      path: `/v3/company/${realmId}/batch`,
      latencyMs: 6_000,
      times: 1,
    });

    await invoke(recordOf(jobItemKey(job.id, 1), 2), 6_000);
    // The batch the worker gave up on still lands in QuickBooks.
    while (users.some((user) => customersWithEmail(user.email).length === 0))
      await new Promise((resolve) => setTimeout(resolve, 100));
    const cutOff = (await admin.request('GET', `/api/jobs/${job.id}`)).body;
    for (const user of users) expect(customersWithEmail(user.email)).toHaveLength(1);
    expect(cutOff).toMatchObject({ state: 'running', itemCount: 2, progress: { done: 0, failed: 0 } });

    await invoke(recordOf(jobItemKey(job.id, 2), 3));
    const finished = (await admin.request('GET', `/api/jobs/${job.id}`)).body;

    expect(finished).toMatchObject({ state: 'done', progress: { total: 5, done: 5, failed: 0, linked: 5 } });
    for (const user of users) expect(customersWithEmail(user.email)).toHaveLength(1);
  });

  it('a retried item (the invocation died) skips the subjects it already finished', async () => {
    const users: User[] = [];
    for (let index = 0; index < 3; index += 1) users.push(await aUser(app, { role: 'customer' }));
    const job = (await admin.request('POST', '/api/jobs', { kind: 'sync-customers' })).body;
    await invoke(recordOf(jobKey(job.id), 1));
    await invoke(recordOf(jobItemKey(job.id, 1), 2));
    emulator().resetCallCounts();

    // Lambda hands the same record again, as after a crash past the work.
    await invoke(recordOf(jobItemKey(job.id, 1), 2));

    const view = (await admin.request('GET', `/api/jobs/${job.id}`)).body;
    // Everyone is done; only these three were new (the earlier test's customers are linked).
    expect(view.progress.done).toBe(view.progress.total);
    expect(view.progress.created).toBe(3);
    expect(Object.keys(emulator().callCounts()).filter((key) => key.includes('/v3/company/'))).toEqual([]);
  });
});
