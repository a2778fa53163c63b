import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COMPANY_NAME, DEFAULT_REALM_ID } from '../../local/qbo-emulator/companies';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aCatalogItem, logEntry, qboItemId } from '../support/billing';
import { anIssue, aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { setQboToggles } from '../support/qbo-settings';

// Settings → QBO → Sync health (issue 14): what Deskbooks synced per company, and each failed sync
// with QuickBooks' message and reference, who asked for it, Retry and Dismiss.

const OTHER_REALM_ID = '9341450000000002';

let app: TestApp;
let admin: TestClient;

type Staff = { user: User; client: TestClient };

/** A staff member connected to QuickBooks (the default company unless told otherwise). */
const aConnectedStaffMember = async (realmId = DEFAULT_REALM_ID): Promise<Staff> => {
  const user = await aUser(app, { role: 'staff' });
  const client = await signedInClient(app, user);
  await connectQbo(app, client, { realmId });
  return { user, client };
};

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  admin = await signedInClient(app, await aUser(app, { role: 'admin' }));
  await connectQbo(app, admin);
});
afterAll(() => app.close());
beforeEach(async () => {
  await setQboToggles(app, { syncUser: true, syncInvoice: true });
  app.qbo?.clearFaults();
});

const aCustomer = () => aUser(app, { role: 'customer' });
const syncUser = (client: TestClient, userId: string) =>
  client.request('POST', `/api/users/${userId}/qbo-sync`);
/** A customer sync QuickBooks refuses once (a business validation fault on the create). */
const failedSync = async (client: TestClient, userId: string) => {
  app.qbo?.clearFaults();
  app.qbo?.injectFault({ method: 'POST', path: '/v3/company/', status: 400, code: '6000', times: 1 });
  const response = await syncUser(client, userId);
  expect(response.status).toBe(502);
  return response;
};
const failures = async (client: TestClient, query = '') => {
  const response = await client.request('GET', `/api/qbo/sync-failures${query}`);
  expect(response.status).toBe(200);
  return response.body.items as { id: string; [field: string]: unknown }[];
};
const idsOf = (items: { id: string }[]) => items.map((item) => item.id);
const health = async (client: TestClient) => {
  const response = await client.request('GET', '/api/qbo/sync-health');
  expect(response.status).toBe(200);
  return response.body;
};
type CompanyHealth = {
  realmId: string;
  companyName: string;
  customersSynced: number;
  invoicesSynced: number;
  lastSyncedAt?: string;
};
const companyIn = (body: { companies: CompanyHealth[] }, realmId = DEFAULT_REALM_ID) =>
  body.companies.find((company) => company.realmId === realmId);
const customerFailureId = (userId: string, realmId = DEFAULT_REALM_ID) => `customer.${userId}.${realmId}`;

describe('a failed sync in Sync health', () => {
  it('shows QuickBooks’ message and reference, who and what, and is gone once a retry succeeds', async () => {
    // Prepare
    const sam = await aConnectedStaffMember();
    const customer = await aCustomer();
    const refused = await failedSync(sam.client, customer.id);

    // Act
    const listed = await failures(sam.client);
    const countBefore = (await health(sam.client)).failures;
    const retry = await sam.client.request(
      'POST',
      `/api/qbo/sync-failures/${customerFailureId(customer.id)}/retry`,
    );
    const listedAfter = await failures(sam.client);
    const countAfter = (await health(sam.client)).failures;

    // Assess
    expect(listed).toEqual([
      {
        id: customerFailureId(customer.id),
        kind: 'customer',
        subjectId: customer.id,
        realmId: DEFAULT_REALM_ID,
        companyName: DEFAULT_COMPANY_NAME,
        failedAt: expect.any(String),
        actorId: sam.user.id,
        actorName: sam.user.name,
        code: 'qbo_error',
        message: refused.body.error.message,
        intuitTid: refused.body.error.details.intuitTid,
        qboFault: { code: '6000' },
        subject: { label: customer.name, path: `/users/${customer.id}` },
      },
    ]);
    expect(refused.body.error.message).toMatch(/^QuickBooks: .+/);
    expect(refused.body.error.details.intuitTid).toBeTruthy();
    expect(countBefore).toBe(1);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({
      retried: true,
      result: { realmId: DEFAULT_REALM_ID, outcome: 'created', created: true },
    });
    expect(listedAfter).toEqual([]);
    expect(countAfter).toBe(0);
  });

  it('is replaced, with the new time, message and who, when the retry fails again', async () => {
    // Prepare
    const sam = await aConnectedStaffMember();
    const customer = await aCustomer();
    await failedSync(sam.client, customer.id);
    const [first] = await failures(sam.client);
    app.qbo?.injectFault({ method: 'POST', path: '/v3/company/', status: 400, code: '6000', times: 1 });

    // Act
    const retry = await admin.request(
      'POST',
      `/api/qbo/sync-failures/${customerFailureId(customer.id)}/retry`,
    );

    // Assess
    expect(retry.status).toBe(502);
    expect(retry.body.error.code).toBe('qbo_error');
    const [again] = await failures(admin, `?kind=customer&subjectId=${customer.id}`);
    expect(again).toMatchObject({
      id: first?.id,
      code: 'qbo_error',
      intuitTid: retry.body.error.details.intuitTid,
      subject: { label: customer.name },
    });
    expect(again?.actorId).not.toBe(sam.user.id);
    expect(String(again?.failedAt) >= String(first?.failedAt)).toBe(true);
    expect(await failures(sam.client)).toEqual([]);
  });

  it('is gone after the next successful sync from the user page too', async () => {
    // Prepare
    const sam = await aConnectedStaffMember();
    const customer = await aCustomer();
    await failedSync(sam.client, customer.id);

    // Act
    const synced = await syncUser(sam.client, customer.id);

    // Assess
    expect(synced.status).toBe(200);
    expect(await failures(sam.client)).toEqual([]);
  });

  it('is not kept when QuickBooks only asks to slow down', async () => {
    // Prepare
    const sam = await aConnectedStaffMember();
    const customer = await aCustomer();
    app.qbo?.injectFault({ method: 'POST', path: '/v3/company/', status: 429, times: 20 });

    // Act
    const response = await syncUser(sam.client, customer.id);

    app.qbo?.clearFaults();

    // Assess
    expect(response.status).toBe(429);
    expect(await failures(sam.client)).toEqual([]);
  });
});

describe('who sees and acts on a failure', () => {
  let alex: Staff;
  let blake: Staff;
  let alexFailure: string;
  let blakeFailure: string;

  beforeAll(async () => {
    alex = await aConnectedStaffMember();
    blake = await aConnectedStaffMember();
    const [first, second] = [await aCustomer(), await aCustomer()];
    await failedSync(alex.client, first.id);
    await failedSync(blake.client, second.id);
    alexFailure = customerFailureId(first.id);
    blakeFailure = customerFailureId(second.id);
  });

  it('shows staff the failures of their own syncs, and admins everyone’s', async () => {
    expect(idsOf(await failures(alex.client))).toEqual([alexFailure]);
    expect(idsOf(await failures(blake.client))).toEqual([blakeFailure]);
    expect(idsOf(await failures(admin))).toEqual(expect.arrayContaining([alexFailure, blakeFailure]));
    expect((await health(alex.client)).failures).toBe(1);
    expect((await health(admin)).failures).toBeGreaterThanOrEqual(2);
  });

  it('lists the admin’s failures newest first', async () => {
    const listed = await failures(admin);
    const times = listed.map((item) => String(item.failedAt));

    expect(times).toEqual([...times].sort().reverse());
    expect(idsOf(listed).indexOf(blakeFailure)).toBeLessThan(idsOf(listed).indexOf(alexFailure));
  });

  it('shows a user’s failures on their page whoever’s sync failed', async () => {
    const subjectId = blakeFailure.split('.')[1];

    const listed = await failures(alex.client, `?kind=customer&subjectId=${subjectId}`);
    const page = await alex.client.request('GET', `/api/users/${subjectId}/qbo-sync`);

    expect(idsOf(listed)).toEqual([blakeFailure]);
    expect(page.body.failures).toEqual([
      expect.objectContaining({ id: blakeFailure, actorId: blake.user.id, actorName: blake.user.name }),
    ]);
  });

  it('does not let staff retry or dismiss someone else’s failure: it is not found for them', async () => {
    const retry = await alex.client.request('POST', `/api/qbo/sync-failures/${blakeFailure}/retry`);
    const dismiss = await alex.client.request('DELETE', `/api/qbo/sync-failures/${blakeFailure}`);

    expect(retry.status).toBe(404);
    expect(dismiss.status).toBe(404);
    expect(idsOf(await failures(blake.client))).toEqual([blakeFailure]);
  });

  it('dismisses a failure without syncing: it is gone from the list and the count', async () => {
    const dismissed = await alex.client.request('DELETE', `/api/qbo/sync-failures/${alexFailure}`);
    const again = await alex.client.request('DELETE', `/api/qbo/sync-failures/${alexFailure}`);

    expect(dismissed.status).toBe(204);
    expect(again.status).toBe(404);
    expect(await failures(alex.client)).toEqual([]);
    expect((await health(alex.client)).failures).toBe(0);
  });

  it('lets an admin dismiss anyone’s failure', async () => {
    const dismissed = await admin.request('DELETE', `/api/qbo/sync-failures/${blakeFailure}`);

    expect(dismissed.status).toBe(204);
    expect(await failures(blake.client)).toEqual([]);
  });
});

describe('retrying', () => {
  it('refuses with 409 from a connection to another company, and keeps the failure', async () => {
    // Prepare
    const sam = await aConnectedStaffMember();
    const customer = await aCustomer();
    await failedSync(sam.client, customer.id);
    await connectQbo(app, sam.client, { realmId: OTHER_REALM_ID });

    // Act
    const retry = await sam.client.request(
      'POST',
      `/api/qbo/sync-failures/${customerFailureId(customer.id)}/retry`,
    );

    // Assess
    expect(retry.status).toBe(409);
    expect(retry.body.error).toMatchObject({ code: 'conflict' });
    expect(retry.body.error.message).toContain(DEFAULT_COMPANY_NAME);
    expect(idsOf(await failures(sam.client))).toEqual([customerFailureId(customer.id)]);
  });

  it('answers 404 for a failure that is not there, and 400 naming id for one that cannot be', async () => {
    const sam = await aConnectedStaffMember();
    const unknown = customerFailureId('3f0c7a52-0000-4000-8000-000000000000');

    const missing = await sam.client.request('POST', `/api/qbo/sync-failures/${unknown}/retry`);
    const malformed = await sam.client.request('DELETE', '/api/qbo/sync-failures/invoice.abc.1');

    expect(missing.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fieldErrors).toHaveProperty('id');
  });

  it('answers 400 naming the field when kind and subjectId do not come together', async () => {
    const kindOnly = await admin.request('GET', '/api/qbo/sync-failures?kind=invoice');
    const wrongShape = await admin.request('GET', '/api/qbo/sync-failures?kind=customer&subjectId=12');

    expect(kindOnly.status).toBe(400);
    expect(kindOnly.body.error.details.fieldErrors).toHaveProperty('subjectId');
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.error.details.fieldErrors).toHaveProperty('subjectId');
  });
});

describe('a failed invoice', () => {
  it('shows on the issue with Deskbooks’ reason, and goes once the cause is fixed and it is retried', async () => {
    // Prepare
    const sam = await aConnectedStaffMember();
    const requestor = await aCustomer();
    const issue = await anIssue(app, { requestorId: requestor.id, title: 'Printer jam' });
    const labour = await aCatalogItem(admin, {
      name: `Unmapped labour ${issue.id}`,
      kind: 'labour',
      rate: '95.00',
    });
    await logEntry(sam.client, issue.id, {
      kind: 'time',
      catalogId: labour.id,
      date: '2025-03-04',
      minutes: 60,
      description: 'Cleared the jam',
    });
    const refused = await sam.client.request('POST', `/api/issues/${issue.id}/invoice`);
    const invoiceFailure = `invoice.${issue.id}.${DEFAULT_REALM_ID}`;

    // Act
    const onIssuePage = await failures(sam.client, `?kind=invoice&subjectId=${issue.id}`);
    await admin.request('PATCH', `/api/catalog/${labour.id}`, {
      qboItems: { [DEFAULT_REALM_ID]: qboItemId(app, DEFAULT_REALM_ID) },
      version: labour.version,
    });
    const retry = await sam.client.request('POST', `/api/qbo/sync-failures/${invoiceFailure}/retry`);

    // Assess
    expect(refused.status).toBe(409);
    expect(onIssuePage).toEqual([
      expect.objectContaining({
        id: invoiceFailure,
        kind: 'invoice',
        subjectId: String(issue.id),
        actorId: sam.user.id,
        code: 'conflict',
        message: refused.body.error.message,
        subject: { label: `#${issue.id} Printer jam`, path: `/issues/${issue.id}` },
      }),
    ]);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ retried: true, result: { created: true, outcome: 'created' } });
    expect(await failures(sam.client)).toEqual([]);
  });
});

describe('what Deskbooks has synced per company', () => {
  it('counts the customers and invoices synced with each company, and when it last synced', async () => {
    // Prepare
    const sam = await aConnectedStaffMember();
    await aConnectedStaffMember(OTHER_REALM_ID);
    const before = companyIn(await health(sam.client));
    const startedAt = new Date().toISOString();
    const [first, second] = [await aCustomer(), await aCustomer()];
    await syncUser(sam.client, first.id);
    await syncUser(sam.client, second.id);
    await syncUser(sam.client, second.id);
    const issue = await anIssue(app, { requestorId: first.id });
    const labour = await aCatalogItem(admin, {
      name: `Mapped labour ${issue.id}`,
      kind: 'labour',
      rate: '95.00',
      qboItems: { [DEFAULT_REALM_ID]: qboItemId(app, DEFAULT_REALM_ID) },
    });
    await logEntry(sam.client, issue.id, {
      kind: 'time',
      catalogId: labour.id,
      date: '2025-03-04',
      minutes: 30,
      description: 'Checked the printer',
    });
    expect((await sam.client.request('POST', `/api/issues/${issue.id}/invoice`)).status).toBe(200);

    // Act
    const after = await health(sam.client);

    // Assess
    expect(companyIn(after)).toMatchObject({
      realmId: DEFAULT_REALM_ID,
      companyName: DEFAULT_COMPANY_NAME,
      customersSynced: (before?.customersSynced ?? 0) + 2,
      invoicesSynced: (before?.invoicesSynced ?? 0) + 1,
    });
    expect(String(companyIn(after)?.lastSyncedAt) >= startedAt).toBe(true);
    expect(companyIn(after, OTHER_REALM_ID)).toMatchObject({ companyName: 'Sandbox Company US 2' });
  });
});
