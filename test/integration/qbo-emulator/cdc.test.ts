import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../local/qbo-emulator';
import {
  type ConnectedCompany,
  connectCompany,
  faultOf,
  gatewayFaultOf,
  type QboApi,
  qboApi,
  salesLine,
  startTestQboEmulator,
} from '../../support/qbo-emulator';

const DAY_SECONDS = 86_400;

let emulator: QboEmulator;
let company: ConnectedCompany;
let api: QboApi;

beforeAll(async () => {
  emulator = await startTestQboEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  emulator.reset();
  company = await connectCompany(emulator);
  api = qboApi(emulator, company);
});

const createCustomer = async (name: string) =>
  (await api.post('customer', { DisplayName: name })).body.Customer;

const createInvoice = async (customerId: string) =>
  (await api.post('invoice', { CustomerRef: { value: customerId }, Line: [salesLine(100)] })).body.Invoice;

/** Now on the emulator clock, as the ISO date-time a client would send. */
const now = () => emulator.clock().now;

/** Moves the clock on, so what happens next is after what happened before. */
const later = (seconds = 60) => {
  emulator.advanceClock(seconds);
  return now();
};

/** Moves the clock on by days; the access token has long expired, so connect again, as the app would. */
const afterDays = async (days: number, moreSeconds = 0) => {
  emulator.advanceClock(days * DAY_SECONDS + moreSeconds);
  company = await connectCompany(emulator);
  api = qboApi(emulator, company);
};

const cdc = (entities: string, changedSince: string) =>
  api.get(`cdc?entities=${entities}&changedSince=${encodeURIComponent(changedSince)}&minorversion=75`);

/** The QueryResponse elements of a CDC answer, by entity name. */
const changesOf = (body: { CDCResponse: { QueryResponse: Record<string, unknown>[] }[] }) =>
  Object.fromEntries(
    (body.CDCResponse[0]?.QueryResponse ?? []).flatMap((element) =>
      Object.entries(element).filter(([, value]) => Array.isArray(value)),
    ),
  ) as Record<string, { Id: string; [field: string]: unknown }[]>;

const idsOf = (rows: { Id: string }[] = []) => rows.map((row) => row.Id);

describe('change data capture', () => {
  it("answers full objects of the entities changed since, in Intuit's envelope", async () => {
    const since = now();
    const customer = await createCustomer('Captured Customer');
    const invoice = await createInvoice(customer.Id);

    const answer = await cdc('Invoice,Payment,Customer', since);

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      CDCResponse: [
        {
          QueryResponse: [
            { Invoice: [invoice], startPosition: 1, maxResults: 1 },
            {
              Customer: [expect.objectContaining({ Id: customer.Id, DisplayName: 'Captured Customer' })],
              startPosition: 1,
              maxResults: 1,
            },
          ],
        },
      ],
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/),
    });
  });

  it('leaves out what last changed before changedSince', async () => {
    await createCustomer('Old Customer');
    const since = later();
    const recent = await createCustomer('Recent Customer');

    const answer = await cdc('Customer', since);

    expect(idsOf(changesOf(answer.body).Customer)).toEqual([recent.Id]);
  });

  it('brings back an older entity once it is updated, its LastUpdatedTime moved', async () => {
    const customer = await createCustomer('Edited Customer');
    const since = later();
    await api.post('customer', {
      Id: customer.Id,
      SyncToken: customer.SyncToken,
      sparse: true,
      Notes: 'edited',
    });

    const [edited] = changesOf((await cdc('Customer', since)).body).Customer ?? [];

    expect(edited).toEqual(expect.objectContaining({ Id: customer.Id, Notes: 'edited', SyncToken: '1' }));
    const lastUpdated = (edited?.MetaData as { LastUpdatedTime: string } | undefined)?.LastUpdatedTime ?? '';
    expect(Date.parse(lastUpdated)).toBeGreaterThan(Date.parse(customer.MetaData.LastUpdatedTime));
  });

  it('brings back an invoice a payment changed, beside the payment', async () => {
    const invoice = await createInvoice((await createCustomer('Paying Customer')).Id);
    const since = later();

    const payment = emulator.applyPayment({ realmId: company.realmId, invoiceId: invoice.Id, amount: 30 });
    const changes = changesOf((await cdc('Invoice,Payment', since)).body);

    expect(changes.Invoice).toEqual([expect.objectContaining({ Id: invoice.Id, Balance: 70 })]);
    expect(idsOf(changes.Payment)).toEqual([payment.Id]);
  });

  it('reports a deleted invoice as its Id with status "Deleted"', async () => {
    const invoice = await createInvoice((await createCustomer('Deleting Customer')).Id);
    const since = later();
    await api.post('invoice?operation=delete', { Id: invoice.Id, SyncToken: invoice.SyncToken });

    const answer = await cdc('Invoice', since);

    expect(changesOf(answer.body).Invoice).toEqual([
      {
        Id: invoice.Id,
        status: 'Deleted',
        domain: 'QBO',
        MetaData: {
          LastUpdatedTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/),
        },
      },
    ]);
  });

  it('remembers a deletion for as long as CDC looks back', async () => {
    const invoice = await createInvoice((await createCustomer('Long Gone Customer')).Id);
    const since = later();
    await api.post('invoice?operation=delete', { Id: invoice.Id, SyncToken: invoice.SyncToken });
    await afterDays(29);

    const answer = await cdc('Invoice', since);

    expect(changesOf(answer.body).Invoice).toEqual([
      expect.objectContaining({ Id: invoice.Id, status: 'Deleted' }),
    ]);
  });

  it('reports a voided invoice in full, with a zero total', async () => {
    const invoice = await createInvoice((await createCustomer('Voiding Customer')).Id);
    const since = later();
    await api.post('invoice?operation=void', { Id: invoice.Id, SyncToken: invoice.SyncToken });

    const answer = await cdc('Invoice', since);

    expect(changesOf(answer.body).Invoice).toEqual([
      expect.objectContaining({ Id: invoice.Id, TotalAmt: 0 }),
    ]);
  });

  it('reports a merged customer as deleted and the one kept, with the invoices moved to it', async () => {
    const kept = await createCustomer('Kept Customer');
    const merged = await createCustomer('Merged Customer');
    const invoice = await createInvoice(merged.Id);
    const since = later();

    emulator.mergeCustomers({ realmId: company.realmId, fromId: merged.Id, intoId: kept.Id });
    const changes = changesOf((await cdc('Customer,Invoice', since)).body);

    expect(changes.Customer).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: merged.Id, status: 'Deleted' }),
        expect.objectContaining({ Id: kept.Id, Balance: 100 }),
      ]),
    );
    expect(changes.Invoice).toEqual([
      expect.objectContaining({ Id: invoice.Id, CustomerRef: { value: kept.Id, name: 'Kept Customer' } }),
    ]);
  });

  it('answers [{}] when nothing changed', async () => {
    await createCustomer('Quiet Customer');
    const since = later();

    const answer = await cdc('Invoice,Customer', since);

    expect(answer.body.CDCResponse).toEqual([{ QueryResponse: [{}] }]);
  });

  it("takes entity names in any case and answers in Intuit's spelling", async () => {
    const since = now();
    const customer = await createCustomer('Lower Case Customer');

    const answer = await cdc('customer', since);

    expect(idsOf(changesOf(answer.body).Customer)).toEqual([customer.Id]);
  });

  it('takes a bare date as the start of that day in the company', async () => {
    const customer = await createCustomer('Dated Customer');

    const answer = await cdc('Customer', now().slice(0, 10));

    expect(idsOf(changesOf(answer.body).Customer)).toContain(customer.Id);
  });
});

describe('change data capture limits', () => {
  it('looks back 30 days at most, refusing older with an Unsupported Operation fault', async () => {
    const since = now();
    await afterDays(30, 60);

    const answer = await cdc('Customer', since);

    expect(answer.status).toBe(400);
    expect(answer.body.Fault.type).toBe('ValidationFault');
    expect(faultOf(answer)).toEqual(
      expect.objectContaining({ code: '500', Detail: expect.stringContaining('older than fixed days') }),
    );
  });

  it('accepts a changedSince just inside the 30 days', async () => {
    const since = now();
    await afterDays(30, -60);

    expect((await cdc('Customer', since)).status).toBe(200);
  });

  it('answers at most 1,000 objects, the oldest changes first, with totalCount saying how many changed', async () => {
    emulator.updateSettings({ throttlePerMinute: 5000 });
    const since = now();
    const created: string[] = [];
    for (let batch = 0; batch < 101; batch += 1) {
      const names = Array.from({ length: 10 }, (_, index) => `Bulk Customer ${batch * 10 + index}`);
      const customers = await Promise.all(names.map(createCustomer));
      created.push(...customers.map((customer) => customer.Id));
      emulator.advanceClock(1);
    }
    const newest = created.slice(-10);

    const first = (await cdc('Customer', since)).body.CDCResponse[0].QueryResponse[0];
    const cursor = String(first.Customer.at(-1).MetaData.LastUpdatedTime);
    const next = changesOf((await cdc('Customer', cursor)).body);

    expect({
      returned: first.Customer.length,
      maxResults: first.maxResults,
      totalCount: first.totalCount,
    }).toEqual({
      returned: 1000,
      maxResults: 1000,
      totalCount: 1010,
    });
    expect(idsOf(first.Customer).sort()).toEqual(created.slice(0, 1000).sort());
    expect(idsOf(next.Customer)).toEqual(expect.arrayContaining(newest));
  });

  it('counts the limit across all the entities asked for', async () => {
    emulator.updateSettings({ throttlePerMinute: 5000 });
    const since = now();
    const customer = await createCustomer('Many Invoices Customer');
    for (let batch = 0; batch < 100; batch += 1)
      await Promise.all(Array.from({ length: 10 }, () => createInvoice(customer.Id)));

    const elements = (await cdc('Customer,Invoice', since)).body.CDCResponse[0].QueryResponse;

    expect(
      elements.map((element: Record<string, unknown>) => [element.maxResults, element.totalCount]),
    ).toEqual([
      [1, undefined],
      [999, 1000],
    ]);
  });

  it.each([
    ['no entities', 'cdc?changedSince=2025-01-01', 'entities'],
    ['no changedSince', 'cdc?entities=Customer', 'changedSince'],
  ])('refuses a request with %s (2020)', async (_case, path, element) => {
    const answer = await api.get(path);

    expect(answer.status).toBe(400);
    expect(faultOf(answer)).toEqual(expect.objectContaining({ code: '2020', element }));
  });

  it('refuses an entity it does not know', async () => {
    const answer = await cdc('Customer,TimeSheet', now());

    expect(answer.status).toBe(400);
    expect(faultOf(answer).Detail).toContain('TimeSheet');
  });

  it('refuses a changedSince that is not a date', async () => {
    const answer = await cdc('Customer', 'yesterday');

    expect(answer.status).toBe(400);
    expect(faultOf(answer).element).toBe('changedSince');
  });
});

describe('change data capture metering', () => {
  it('is counted like any other call', async () => {
    emulator.resetCallCounts();

    await cdc('Customer', now());

    expect(emulator.callCounts()).toEqual({ 'GET /v3/company/:realm/cdc': 1 });
  });

  it('is throttled like any other read', async () => {
    emulator.updateSettings({ throttlePerMinute: 1 });
    await cdc('Customer', now());

    const answer = await cdc('Customer', now());

    expect(answer.status).toBe(429);
    expect(gatewayFaultOf(answer)?.code).toBe('3001');
  });

  it('needs a token for the company', async () => {
    const response = await fetch(
      `${emulator.url}/v3/company/${company.realmId}/cdc?entities=Customer&changedSince=${encodeURIComponent(now())}`,
    );

    expect(response.status).toBe(401);
  });
});
