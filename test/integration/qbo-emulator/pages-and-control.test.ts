import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../local/qbo-emulator';
import {
  type ConnectedCompany,
  connectCompany,
  type QboApi,
  qboApi,
  salesLine,
  startTestQboEmulator,
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
  await api.post('customer', {
    DisplayName: 'Page Customer',
    PrimaryEmailAddr: { Address: 'page@example.com' },
  });
});

const page = async (path: string) => {
  const response = await fetch(`${emulator.url}${path}`);
  return { status: response.status, html: await response.text() };
};

const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${emulator.url}/__control${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

describe('"View in QuickBooks" pages', () => {
  it('shows an invoice with number, customer, lines, total, balance, due date and status', async () => {
    const invoice = (
      await api.post('invoice', {
        CustomerRef: { value: '1' },
        DocNumber: 'DB-7',
        Line: [salesLine(80, { Qty: 2, UnitPrice: 40 }), salesLine(20)],
      })
    ).body.Invoice;
    await api.post('payment', {
      CustomerRef: { value: '1' },
      TotalAmt: 30,
      Line: [{ Amount: 30, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    });

    const { status, html } = await page(`/app/invoice?txnId=${invoice.Id}`);

    expect(status).toBe(200);
    for (const text of [
      'Invoice no. DB-7',
      'Page Customer',
      '$100.00',
      '$70.00',
      invoice.DueDate,
      'Partially paid',
    ])
      expect(html).toContain(text);
  });

  it('marks an invoice overdue once the clock passes its due date', async () => {
    const invoice = (await api.post('invoice', { CustomerRef: { value: '1' }, Line: [salesLine(10)] })).body
      .Invoice;
    emulator.advanceClock(31 * 86_400);

    const { html } = await page(`/app/invoice?txnId=${invoice.Id}&realmId=${company.realmId}`);

    expect(html).toContain('Unpaid (overdue)');
  });

  it('shows a customer with its invoices', async () => {
    await api.post('invoice', { CustomerRef: { value: '1' }, DocNumber: 'DB-9', Line: [salesLine(10)] });

    const { status, html } = await page('/app/customerdetail?nameId=1');

    expect(status).toBe(200);
    for (const text of ['Page Customer', 'page@example.com', 'DB-9', '$10.00']) expect(html).toContain(text);
  });

  it('answers 404 for an unknown invoice', async () => {
    expect((await page('/app/invoice?txnId=404')).status).toBe(404);
  });

  it('has a signed-in home page naming the company', async () => {
    const { status, html } = await page('/app/homepage');

    expect(status).toBe(200);
    expect(html).toContain('Sandbox Company US 1');
  });
});

describe('control API', () => {
  it('lists every entity, inactive and deleted included', async () => {
    const invoice = (await api.post('invoice', { CustomerRef: { value: '1' }, Line: [salesLine(10)] })).body
      .Invoice;
    await api.post('invoice?operation=delete', { Id: invoice.Id, SyncToken: '0' });
    await api.post('customer', { Id: '1', SyncToken: '0', sparse: true, Active: false });

    const invoices = await control('GET', `/entities/${company.realmId}/invoice`);
    const customers = await control('GET', `/entities/${company.realmId}/Customer`);

    expect(invoices.body).toEqual([expect.objectContaining({ Id: invoice.Id, status: 'Deleted' })]);
    expect(customers.body).toEqual([
      expect.objectContaining({ DisplayName: 'Page Customer', Active: false }),
    ]);
  });

  it('moves the emulator clock forward', async () => {
    const before = await control('GET', '/clock');

    const after = await control('POST', '/clock/advance', { seconds: 86_400 });

    expect(after.body.offsetSeconds).toBe(86_400);
    expect(after.body.epochMs - before.body.epochMs).toBeGreaterThanOrEqual(86_400_000);
  });

  it('dates invoices by the emulator clock, in Pacific time', async () => {
    emulator.advanceClock(10 * 86_400);
    const reconnected = qboApi(emulator, await connectCompany(emulator));
    const pacificToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(
      emulator.clock().epochMs,
    );

    const invoice = (
      await reconnected.post('invoice', { CustomerRef: { value: '1' }, Line: [salesLine(10)] })
    ).body.Invoice;

    expect(invoice.TxnDate).toBe(pacificToday);
  });

  it('changes settings and restores them on reset', async () => {
    const changed = await control('POST', '/settings', {
      throttlePerMinute: 5,
      refreshTokenGraceSeconds: 60,
    });
    await control('POST', '/reset');
    const restored = await control('GET', '/settings');

    expect(changed.body).toMatchObject({ throttlePerMinute: 5, refreshTokenGraceSeconds: 60 });
    expect(restored.body).toMatchObject({
      throttlePerMinute: 500,
      maxConcurrent: 10,
      refreshTokenGraceSeconds: 0,
    });
  });

  it('refuses a negative setting', async () => {
    const result = await control('POST', '/settings', { maxConcurrent: -1 });

    expect(result.status).toBe(400);
  });

  it('forgets companies data, tokens and clock on reset', async () => {
    emulator.advanceClock(100);

    await control('POST', '/reset');
    const customers = await control('GET', `/entities/${company.realmId}/customer`);
    const read = await api.get('customer/1');

    expect(customers.body).toEqual([]);
    expect(read.status).toBe(401);
    expect(emulator.clock().offsetSeconds).toBe(0);
  });

  it('answers 404 JSON for an unknown control route', async () => {
    const result = await control('GET', '/nothing');

    expect(result.status).toBe(404);
  });
});
