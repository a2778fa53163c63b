// Counts the QuickBooks and DynamoDB round trips behind each QBO feature, as a user triggers it over
// HTTP: QBO calls from the emulator's per-endpoint counts, DynamoDB calls from a middleware on the
// app's client. Prints figures; never fails on them.
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { startTestApp, type TestClient } from '../test/support/app-harness';
import { aCatalogItem, billAmount, logEntry, qboItemId } from '../test/support/billing';
import { anIssue, aUser, signedInClient } from '../test/support/builders';
import { connectQbo } from '../test/support/qbo-connect';
import { connectCompany, qboApi } from '../test/support/qbo-emulator';
import { setQboToggles } from '../test/support/qbo-settings';

const ENTRY_COUNTS = [1, 10, 50];

const dynamo = await startDynamoDbLocal();
const app = await startTestApp({ qbo: true, dynamoEndpoint: dynamo.endpoint });
const emulator = app.qbo ?? (undefined as never);
const realmId = emulator.companies[0]?.realmId ?? '';

const dynamoCalls = new Map<string, number>();
app.runtime.table.doc.middlewareStack.add(
  (next, context) => async (args) => {
    const name = context.commandName ?? 'unknown';
    dynamoCalls.set(name, (dynamoCalls.get(name) ?? 0) + 1);
    return next(args);
  },
  { step: 'initialize', name: 'benchCountCalls' },
);

type Counts = { status: number; qbo: number; qboDetail: string; dynamo: number; dynamoDetail: string };

const count = async (act: () => Promise<{ status: number }>): Promise<Counts> => {
  emulator.resetCallCounts();
  dynamoCalls.clear();
  const response = await act();
  const qbo = Object.entries(emulator.callCounts()).filter(([key]) => key.includes('/v3/'));
  return {
    status: response.status,
    qbo: qbo.reduce((sum, [, calls]) => sum + calls, 0),
    qboDetail: qbo.map(([key, calls]) => `${calls}× ${key.replace('/v3/company/:realm', '')}`).join(', '),
    dynamo: [...dynamoCalls.values()].reduce((sum, calls) => sum + calls, 0),
    dynamoDetail: [...dynamoCalls]
      .map(([name, calls]) => `${calls}× ${name.replace('Command', '')}`)
      .join(', '),
  };
};

const printTable = (header: string[], rows: string[][]) => {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
};

const countColumns = ['status', 'QBO calls', 'QBO detail', 'DynamoDB calls', 'DynamoDB detail'];
const countCells = (counts: Counts) => [
  String(counts.status),
  String(counts.qbo),
  counts.qboDetail,
  String(counts.dynamo),
  counts.dynamoDetail,
];

const staffUser = await aUser(app, { role: 'staff' });
const staff = await signedInClient(app, staffUser);
const admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
await connectQbo(app, staff);
await setQboToggles(app, { syncUser: true, syncInvoice: true });
const servicesItem = { [realmId]: qboItemId(app, realmId) };
const labour = await aCatalogItem(admin, {
  name: 'Labour',
  kind: 'labour',
  rate: '95.00',
  qboItems: servicesItem,
});
const part = await aCatalogItem(admin, {
  name: 'Toner',
  kind: 'part',
  rate: '12.99',
  qboItems: servicesItem,
});
const fixedFee = await aCatalogItem(admin, {
  name: 'Fixed fee',
  kind: 'part',
  rate: '0',
  qboItems: servicesItem,
});

/** An issue of `requestorId` billing one fixed amount. */
const billedIssue = async (requestorId: string, amount: string) => {
  const issue = await anIssue(app, { requestorId });
  await billAmount(staff, issue.id, { catalogId: fixedFee.id, amount });
  return issue;
};

// Each operation is one HTTP request, as a user's click sends it.
const operations: string[][] = [];
const measure = async (label: string, act: () => Promise<{ status: number }>) => {
  operations.push([label, ...countCells(await count(act))]);
};

await measure('signed-in baseline: GET /api/session', () => staff.request('GET', '/api/session'));

const customer = await aUser(app, { role: 'customer', address: { line1: '1 Main St', city: 'Reno' } });
await measure('customer sync, first (creates)', () =>
  staff.request('POST', `/api/users/${customer.id}/qbo-sync`),
);
await measure('customer sync, repeat (updates)', () =>
  staff.request('POST', `/api/users/${customer.id}/qbo-sync`),
);

const fresh = await aUser(app, { role: 'customer' });
const issue = await billedIssue(fresh.id, '120.00');
await measure('invoice create, requestor not synced (first in the container)', () =>
  staff.request('POST', `/api/issues/${issue.id}/invoice`),
);
await measure('invoice update', () => staff.request('POST', `/api/issues/${issue.id}/invoice`));
const synced = await billedIssue(fresh.id, '80.00');
await measure('invoice create, requestor synced', () =>
  staff.request('POST', `/api/issues/${synced.id}/invoice`),
);
await measure('invoice list, 1 invoice', () => staff.request('GET', `/api/issues/${synced.id}/invoices`));
await measure('GET /api/issues/{id}', () => staff.request('GET', `/api/issues/${synced.id}`));
await measure('GET /api/issues', () => staff.request('GET', '/api/issues'));
await measure('GET /api/users', () => staff.request('GET', '/api/users'));
await measure('GET /api/users/{id}/qbo-sync', () => staff.request('GET', `/api/users/${fresh.id}/qbo-sync`));
await measure('GET /api/qbo/connection', () => staff.request('GET', '/api/qbo/connection'));

// 25 invoices on one issue: each voided in QBO (as a bookkeeper would), so the next click makes a new one.
const busy = await billedIssue(fresh.id, '10.00');
const bookkeeper = qboApi(emulator, await connectCompany(emulator));
for (let index = 0; index < 25; index += 1) {
  const created = await staff.request('POST', `/api/issues/${busy.id}/invoice`);
  if (index === 24) break;
  const { invoice } = created.body as { invoice: { id: string } };
  const current = await bookkeeper.get(`invoice/${invoice.id}`);
  await bookkeeper.post('invoice?operation=void', {
    Id: invoice.id,
    SyncToken: current.body.Invoice.SyncToken,
  });
}
await measure('invoice list, 25 invoices', () => staff.request('GET', `/api/issues/${busy.id}/invoices`));

// "Create invoice", then "Update invoice" after one entry changed, on issues with more and more work:
// the QBO calls stay the same, whatever the number of entries (they all travel in one invoice write).
const logWork = async (client: TestClient, issueId: number, entries: number) => {
  const logged = [];
  for (let index = 0; index < entries; index += 1) {
    const date = `2025-03-${String((index % 28) + 1).padStart(2, '0')}`;
    logged.push(
      await logEntry(
        client,
        issueId,
        index % 2 === 0
          ? {
              kind: 'time',
              catalogId: labour.id,
              date,
              minutes: 30 + index,
              description: `Visit ${index + 1}`,
            }
          : { kind: 'part', catalogId: part.id, date, quantity: '2', description: `Toner ${index + 1}` },
      ),
    );
  }
  return logged;
};

const byEntries: string[][] = [];
const qboPerCreate: number[] = [];
const qboPerUpdate: number[] = [];
for (const entries of ENTRY_COUNTS) {
  const worked = await anIssue(app, { requestorId: fresh.id });
  const [first] = await logWork(staff, worked.id, entries);
  const created = await count(() => staff.request('POST', `/api/issues/${worked.id}/invoice`));
  byEntries.push(['Create invoice', String(entries), ...countCells(created)]);
  qboPerCreate.push(created.qbo);
  const edited = await staff.request('PATCH', `/api/issues/${worked.id}/entries/${first?.id}`, {
    minutes: 45,
    version: first?.version,
  });
  if (edited.status !== 200) throw new Error(`entry edit failed: ${JSON.stringify(edited.body)}`);
  const updated = await count(() => staff.request('POST', `/api/issues/${worked.id}/invoice`));
  byEntries.push(['Update invoice (one entry edited)', String(entries), ...countCells(updated)]);
  qboPerUpdate.push(updated.qbo);
}

const sameForAll = (figures: number[]) => (new Set(figures).size === 1 ? 'the same for all' : 'NOT the same');
printTable(['operation (one HTTP request)', ...countColumns], operations);
console.log(
  "\nDynamoDB calls include the sign-in gate: one BatchGetItem of the session, user, settings and the route's preloads.",
);
console.log(
  'The first invoice in a container also reads the company’s Preferences (kept per realm for the container’s life).\n',
);
printTable(['billable work → invoice', 'entries', ...countColumns], byEntries);
console.log(
  `\nQBO calls per Create invoice for ${ENTRY_COUNTS.join(' / ')} entries: ${qboPerCreate.join(' / ')} (${sameForAll(qboPerCreate)}); ` +
    `per Update invoice: ${qboPerUpdate.join(' / ')} (${sameForAll(qboPerUpdate)}).`,
);

await app.close();
await dynamo.stop();
