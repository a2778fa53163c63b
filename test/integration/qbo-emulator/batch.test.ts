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
  startWebhookReceiver,
} from '../../support/qbo-emulator';

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
  await api.post('customer', { DisplayName: 'Existing Customer' });
});

type BatchItem = Record<string, unknown>;

const batch = (items: BatchItem[], query = '') => api.post(`batch${query}`, { BatchItemRequest: items });

const createCustomerItem = (bId: string, name = `Batch ${bId}`): BatchItem => ({
  bId,
  operation: 'create',
  Customer: { DisplayName: name },
});

const queryItem = (bId: string, query = 'select count(*) from Customer'): BatchItem => ({
  bId,
  Query: query,
});

const countOf = async (entity: string) =>
  (await api.query(`select count(*) from ${entity}`)).body.QueryResponse.totalCount ?? 0;

/** The response item answering `bId`. */
const itemOf = (result: { body: { BatchItemResponse: { bId: string }[] } }, bId: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on Intuit's raw JSON
  result.body.BatchItemResponse.find((item) => item.bId === bId) as any;

describe('batch items', () => {
  it('answers each item in order: created entities, query results and per-item faults', async () => {
    const single = await api.post('customer', { DisplayName: 'Existing Customer' });

    const result = await batch([
      createCustomerItem('1', 'Batch One'),
      { bId: '2', operation: 'create', Invoice: { CustomerRef: { value: '1' }, Line: [salesLine(150)] } },
      queryItem('3', "select * from Customer where DisplayName = 'Existing Customer'"),
      createCustomerItem('4', 'Existing Customer'),
      { bId: '5', operation: 'create', Invoice: { CustomerRef: { value: '1' } } },
      queryItem('6', 'select * from Widget'),
    ]);

    expect(result.status).toBe(200);
    expect(result.body.time).toEqual(expect.any(String));
    expect(result.body.BatchItemResponse.map((item: { bId: string }) => item.bId)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
    expect(itemOf(result, '1').Customer).toMatchObject({ DisplayName: 'Batch One', SyncToken: '0' });
    expect(itemOf(result, '2').Invoice).toMatchObject({ TotalAmt: 150, Balance: 150, DocNumber: '1001' });
    expect(itemOf(result, '3').QueryResponse).toMatchObject({ startPosition: 1, maxResults: 1 });
    expect(itemOf(result, '3').QueryResponse.Customer[0].Id).toBe('1');
    // The same Fault the single call answers, without the envelope's time.
    expect(itemOf(result, '4')).toEqual({
      bId: '4',
      Fault: { Error: single.body.Fault.Error, type: 'ValidationFault' },
    });
    expect(itemOf(result, '5').Fault.Error[0]).toMatchObject({ code: '2020', element: 'Line' });
    expect(itemOf(result, '6').Fault.Error[0].code).toBe('4001');
    expect(await countOf('Customer')).toBe(2);
    expect(await countOf('Invoice')).toBe(1);
  });

  it('keeps what earlier items did when a later one fails (no rollback)', async () => {
    const result = await batch([createCustomerItem('a', 'Kept'), createCustomerItem('b', 'Kept')]);

    expect(itemOf(result, 'a').Customer.DisplayName).toBe('Kept');
    expect(faultOf({ ...result, body: itemOf(result, 'b') })?.code).toBe('6240');
    expect(await countOf('Customer')).toBe(2);
  });

  it('updates, voids and deletes invoices like the single operations', async () => {
    const invoice = (await api.post('invoice', { CustomerRef: { value: '1' }, Line: [salesLine(100)] })).body
      .Invoice;
    const other = (await api.post('invoice', { CustomerRef: { value: '1' }, Line: [salesLine(40)] })).body
      .Invoice;

    const result = await batch([
      {
        bId: 'upd',
        operation: 'update',
        Invoice: { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, PrivateNote: 'edited' },
      },
      { bId: 'stale', operation: 'update', Invoice: { Id: other.Id, SyncToken: '7', sparse: true } },
      { bId: 'void', operation: 'update', optionsData: 'void', Invoice: { Id: other.Id, SyncToken: '0' } },
      { bId: 'cust-del', operation: 'delete', Customer: { Id: '1', SyncToken: '0' } },
    ]);
    const deleted = await batch([
      { bId: 'del', operation: 'delete', Invoice: { Id: invoice.Id, SyncToken: '1' } },
      { bId: 'gone', operation: 'update', Invoice: { Id: invoice.Id, SyncToken: '2', sparse: true } },
    ]);

    expect(itemOf(result, 'upd').Invoice).toMatchObject({ PrivateNote: 'edited', SyncToken: '1' });
    expect(itemOf(result, 'stale').Fault.Error[0].code).toBe('5010');
    expect(itemOf(result, 'void').Invoice).toMatchObject({ TotalAmt: 0, Balance: 0 });
    expect(itemOf(result, 'cust-del').Fault.Error[0]).toMatchObject({
      code: '500',
      Detail: 'Operation POST /customer is not supported.',
    });
    expect(itemOf(deleted, 'del').Invoice).toMatchObject({ Id: invoice.Id, status: 'Deleted' });
    expect(itemOf(deleted, 'gone').Fault.Error[0].code).toBe('610');
  });

  it('answers an unsupported operation or entity per item with code 500', async () => {
    const result = await batch([
      { bId: '1', operation: 'merge', Customer: { DisplayName: 'Merged' } },
      { bId: '2', operation: 'create', optionsData: 'void', Invoice: { CustomerRef: { value: '1' } } },
      { bId: '3', operation: 'create', Widget: { Name: 'w' } },
      { bId: '4', operation: 'update', Payment: { Id: '1', SyncToken: '0' } },
    ]);

    expect(result.status).toBe(200);
    expect(
      result.body.BatchItemResponse.map(
        (item: { Fault?: { Error: { code: string }[] } }) => item.Fault?.Error[0]?.code,
      ),
    ).toEqual(['500', '500', '500', '500']);
    expect(await countOf('Customer')).toBe(1);
  });
});

describe('whole-batch faults', () => {
  const wholeFault = async (body: unknown) => {
    const result = await api.post('batch', body);
    expect(result.status).toBe(400);
    expect(result.body.Fault.type).toBe('ValidationFault');
    return faultOf(result);
  };

  it('refuses more than 30 items and runs none of them', async () => {
    const items = Array.from({ length: 31 }, (_, index) => createCustomerItem(String(index + 1)));

    const fault = await wholeFault({ BatchItemRequest: items });

    expect(fault).toMatchObject({ code: '6000', element: 'BatchItemRequest' });
    expect(await countOf('Customer')).toBe(1);
  });

  it('accepts exactly 30 items', async () => {
    const items = Array.from({ length: 30 }, (_, index) => createCustomerItem(String(index + 1)));

    const result = await batch(items);

    expect(result.status).toBe(200);
    expect(result.body.BatchItemResponse).toHaveLength(30);
    expect(await countOf('Customer')).toBe(31);
  });

  it('refuses duplicate bIds and runs none of the items', async () => {
    const fault = await wholeFault({
      BatchItemRequest: [createCustomerItem('1', 'First'), createCustomerItem('1', 'Second')],
    });

    expect(fault).toMatchObject({ code: '6000', element: 'BatchItemRequest.bId' });
    expect(await countOf('Customer')).toBe(1);
  });

  it.each([
    ['a missing bId', [{ operation: 'create', Customer: { DisplayName: 'X' } }], '2020'],
    ['an empty bId', [{ bId: '', Query: 'select * from Customer' }], '2020'],
    ['a bId of 11 characters', [queryItem('12345678901')], '2050'],
    ['an item with neither Query nor entity', [{ bId: '1', operation: 'create' }], '2010'],
    ['an entity without an operation', [{ bId: '1', Customer: { DisplayName: 'X' } }], '2010'],
    ['two entities in one item', [{ bId: '1', operation: 'create', Customer: {}, Vendor: {} }], '2010'],
    ['a Query with an entity', [{ bId: '1', Query: 'select * from Customer', Customer: {} }], '2010'],
    ['an entity that is not an object', [{ bId: '1', operation: 'create', Customer: 'X' }], '2010'],
    ['an item that is not an object', ['select * from Customer'], '2010'],
  ])('refuses %s', async (_case, items, code) => {
    const fault = await wholeFault({ BatchItemRequest: [createCustomerItem('ok', 'Not Made'), ...items] });

    expect(fault?.code).toBe(code);
    expect(await countOf('Customer')).toBe(1);
  });

  it('accepts a bId of 10 characters', async () => {
    const result = await batch([queryItem('1234567890')]);

    expect(result.status).toBe(200);
    expect(itemOf(result, '1234567890').QueryResponse).toEqual({ totalCount: 1 });
  });

  it.each([
    ['no BatchItemRequest', {}, '2020'],
    ['an empty BatchItemRequest', { BatchItemRequest: [] }, '2020'],
    ['a BatchItemRequest that is not a list', { BatchItemRequest: { bId: '1' } }, '2010'],
  ])('refuses %s', async (_case, body, code) => {
    expect((await wholeFault(body))?.code).toBe(code);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const response = await fetch(`${emulator.url}/v3/company/${company.realmId}/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${company.accessToken}`, 'content-type': 'application/json' },
      body: '{"BatchItemRequest": [',
    });

    expect(response.status).toBe(400);
    expect((await response.json()).Fault.Error[0].code).toBe('2010');
  });

  it('answers GET /batch with Unsupported Operation', async () => {
    const result = await api.get('batch');

    expect(result.status).toBe(400);
    expect(faultOf(result)?.code).toBe('500');
  });
});

describe('batch requestid', () => {
  it('replays the first answer for a repeated requestid and creates once', async () => {
    const items = [createCustomerItem('1', 'Once Only'), queryItem('2')];

    const first = await batch(items, '?requestid=batch-key-1&minorversion=75');
    const second = await batch(items, '?requestid=batch-key-1&minorversion=75');

    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await countOf('Customer')).toBe(2);
  });

  it('refuses a requestid longer than 36 characters and accepts 36', async () => {
    const tooLong = await batch([createCustomerItem('1', 'Long Key')], `?requestid=${'r'.repeat(37)}`);
    const fits = await batch([createCustomerItem('1', 'Fitting Key')], `?requestid=${'r'.repeat(36)}`);

    expect(tooLong.status).toBe(400);
    expect(faultOf(tooLong)).toMatchObject({ code: '2050', element: 'requestid' });
    expect(fits.status).toBe(200);
    expect(await countOf('Customer')).toBe(2);
  });
});

describe('batch limits', () => {
  /** Starts a fresh minute, so what the test set up does not count. */
  const freshMinute = () => emulator.advanceClock(61);

  it('takes one unit of the per-minute budget per item', async () => {
    const limit = 40;
    emulator.updateSettings({ throttlePerMinute: limit });
    freshMinute();
    for (let call = 0; call < limit - 29; call += 1) expect((await api.get('customer/1')).status).toBe(200);

    const thirty = Array.from({ length: 30 }, (_, index) => createCustomerItem(String(index + 1)));
    const throttled = await batch(thirty);
    const admitted = await batch(thirty.slice(0, 29));
    const afterwards = await api.get('customer/1');

    expect(throttled.status).toBe(429);
    expect(gatewayFaultOf(throttled)?.code).toBe('3001');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(admitted.status).toBe(200);
    expect(admitted.body.BatchItemResponse).toHaveLength(29);
    expect(afterwards.status).toBe(429);
    freshMinute();
    expect(await countOf('Customer')).toBe(1 + 29); // the throttled batch created nothing
  });

  it('counts a body without an item list as one unit', async () => {
    emulator.updateSettings({ throttlePerMinute: 2 });
    freshMinute();

    const bad = await api.post('batch', { BatchItemRequest: 'nope' });
    const next = await api.get('customer/1');
    const throttled = await api.get('customer/1');

    expect(bad.status).toBe(400);
    expect(next.status).toBe(200);
    expect(throttled.status).toBe(429);
  });

  it('throttles the 41st batch call in a minute, not single calls, until the clock moves on', async () => {
    for (let call = 0; call < 40; call += 1) expect((await batch([queryItem('1')])).status).toBe(200);

    const throttled = await batch([queryItem('1')]);
    const single = await api.get('customer/1');
    emulator.advanceClock(60);
    const later = await batch([queryItem('1')]);

    expect(throttled.status).toBe(429);
    expect(gatewayFaultOf(throttled)?.code).toBe('3001');
    expect(Number(throttled.headers.get('retry-after'))).toBe(60);
    expect(single.status).toBe(200);
    expect(later.status).toBe(200);
  });

  it('takes batchCallsPerMinute from the control API', async () => {
    const response = await fetch(`${emulator.url}/__control/settings`, {
      method: 'POST',
      body: JSON.stringify({ batchCallsPerMinute: 2 }),
    });

    const results = [
      await batch([queryItem('1')]),
      await batch([queryItem('1')]),
      await batch([queryItem('1')]),
    ];

    expect((await response.json()).batchCallsPerMinute).toBe(2);
    expect(results.map((result) => result.status)).toEqual([200, 200, 429]);
    expect(emulator.settings().batchCallsPerMinute).toBe(2);
  });

  it('refuses a negative batchCallsPerMinute', async () => {
    const response = await fetch(`${emulator.url}/__control/settings`, {
      method: 'POST',
      body: JSON.stringify({ batchCallsPerMinute: -1 }),
    });

    expect(response.status).toBe(400);
    expect(emulator.settings().batchCallsPerMinute).toBe(40);
  });

  it('holds one concurrency slot for the whole batch', async () => {
    emulator.updateSettings({ maxConcurrent: 2 });
    emulator.injectFault({
      path: `^/v3/company/${company.realmId}/(batch|customer)`,
      latencyMs: 800,
      times: 2,
    });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const items = Array.from({ length: 5 }, (_, index) => queryItem(String(index + 1)));

    const slowBatch = batch(items);
    await pause(200);
    const slowSingle = api.get('customer/1');
    await pause(200);
    const third = await api.get('customer/1');

    expect((await slowBatch).status).toBe(200);
    expect((await slowSingle).status).toBe(200);
    expect(third.status).toBe(429);
  });

  it('is counted as POST …/batch', async () => {
    emulator.resetCallCounts();

    await batch([createCustomerItem('1'), queryItem('2')]);

    expect(emulator.callCounts()).toEqual({ 'POST /v3/company/:realm/batch': 1 });
  });
});

describe('change tracking of batch writes', () => {
  it('shows a customer created by batch in CDC', async () => {
    emulator.advanceClock(1); // after the customer made before the test
    const since = emulator.clock().now;
    const created = itemOf(await batch([createCustomerItem('1', 'Tracked By Batch')]), '1').Customer;

    const answer = await api.get(
      `cdc?entities=Customer&changedSince=${encodeURIComponent(since)}&minorversion=75`,
    );

    const customers = answer.body.CDCResponse[0].QueryResponse[0].Customer;
    expect(customers.map((row: { Id: string }) => row.Id)).toEqual([created.Id]);
    expect(customers[0].DisplayName).toBe('Tracked By Batch');
  });

  it('sends webhooks for batch writes as for single ones', async () => {
    const receiver = await startWebhookReceiver();
    try {
      emulator.configureWebhooks({ url: receiver.url });
      const invoice = (await api.post('invoice', { CustomerRef: { value: '1' }, Line: [salesLine(10)] })).body
        .Invoice;
      await emulator.flushWebhooks();
      const before = emulator.webhookDeliveries().length;

      const result = await batch([
        createCustomerItem('1', 'Hooked'),
        { bId: '2', operation: 'update', optionsData: 'void', Invoice: { Id: invoice.Id, SyncToken: '0' } },
        createCustomerItem('3', 'Hooked'),
      ]);
      await emulator.flushWebhooks();

      const events = emulator
        .webhookDeliveries()
        .slice(before)
        .flatMap((delivery) => delivery.events)
        .map(({ name, id, operation }) => ({ name, id, operation }));
      expect(events).toEqual([
        { name: 'Customer', id: itemOf(result, '1').Customer.Id, operation: 'Create' },
        { name: 'Invoice', id: invoice.Id, operation: 'Void' },
      ]);
    } finally {
      emulator.reset();
      await receiver.close();
    }
  });
});
