// Counts the QuickBooks and DynamoDB round trips behind each QBO feature, as a user triggers it over
// HTTP: QBO calls from the emulator's per-endpoint counts, DynamoDB calls from a middleware on the
// app's client. Prints figures; never fails on them.
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { startTestApp } from '../test/support/app-harness';
import { anIssue, aUser, signedInClient } from '../test/support/builders';
import { connectQbo } from '../test/support/qbo-connect';
import { connectCompany, qboApi } from '../test/support/qbo-emulator';
import { setQboToggles } from '../test/support/qbo-settings';

const dynamo = await startDynamoDbLocal();
const app = await startTestApp({ qbo: true, dynamoEndpoint: dynamo.endpoint });
const emulator = app.qbo ?? (undefined as never);

const dynamoCalls = new Map<string, number>();
app.runtime.table.doc.middlewareStack.add(
  (next, context) => async (args) => {
    const name = context.commandName ?? 'unknown';
    dynamoCalls.set(name, (dynamoCalls.get(name) ?? 0) + 1);
    return next(args);
  },
  { step: 'initialize', name: 'benchCountCalls' },
);

const rows: string[][] = [];
const measure = async (label: string, act: () => Promise<{ status: number }>) => {
  emulator.resetCallCounts();
  dynamoCalls.clear();
  const response = await act();
  const qbo = Object.entries(emulator.callCounts()).filter(([key]) => key.includes('/v3/'));
  const qboTotal = qbo.reduce((sum, [, count]) => sum + count, 0);
  const dynamoTotal = [...dynamoCalls.values()].reduce((sum, count) => sum + count, 0);
  rows.push([
    label,
    String(response.status),
    String(qboTotal),
    qbo.map(([key, count]) => `${count}× ${key.replace('/v3/company/:realm', '')}`).join(', '),
    String(dynamoTotal),
    [...dynamoCalls].map(([name, count]) => `${count}× ${name.replace('Command', '')}`).join(', '),
  ]);
};

const staffUser = await aUser(app, { role: 'staff' });
const staff = await signedInClient(app, staffUser);
await connectQbo(app, staff);
await setQboToggles(app, { syncUser: true, syncInvoice: true });

await measure('signed-in baseline: GET /api/session', () => staff.request('GET', '/api/session'));

const customer = await aUser(app, { role: 'customer', address: { line1: '1 Main St', city: 'Reno' } });
await measure('customer sync, first (creates)', () =>
  staff.request('POST', `/api/users/${customer.id}/qbo-sync`),
);
await measure('customer sync, repeat (updates)', () =>
  staff.request('POST', `/api/users/${customer.id}/qbo-sync`),
);

const fresh = await aUser(app, { role: 'customer' });
const issue = await anIssue(app, { requestorId: fresh.id, amount: '120.00' });
await measure('invoice create, requestor not synced', () =>
  staff.request('POST', `/api/issues/${issue.id}/invoice`),
);
await measure('invoice update', () => staff.request('POST', `/api/issues/${issue.id}/invoice`));
const synced = await anIssue(app, { requestorId: fresh.id, amount: '80.00' });
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
const busy = await anIssue(app, { requestorId: fresh.id, amount: '10.00' });
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

const header = [
  'operation (one HTTP request)',
  'status',
  'QBO calls',
  'QBO detail',
  'DynamoDB calls',
  'DynamoDB detail',
];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
);
const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
console.log(line(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of rows) console.log(line(row));
console.log(
  "\nDynamoDB calls include the sign-in gate: one BatchGetItem of the session, user, settings and the route's preloads.",
);

await app.close();
await dynamo.stop();
