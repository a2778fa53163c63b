import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../local/qbo-emulator';
import {
  type ConnectedCompany,
  connectCompany,
  faultOf,
  type QboApi,
  qboApi,
  salesLine,
  startTestQboEmulator,
} from '../../support/qbo-emulator';

let emulator: QboEmulator;
let company: ConnectedCompany;
let api: QboApi;
let customerId: string;

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
  customerId = (await api.post('customer', { DisplayName: 'Billed Customer' })).body.Customer.Id;
});

const createInvoice = async (fields: Record<string, unknown> = {}) =>
  (await api.post('invoice', { CustomerRef: { value: customerId }, Line: [salesLine(100)], ...fields })).body
    .Invoice;

const pay = (invoiceId: string, amount: number) =>
  api.post('payment', {
    CustomerRef: { value: customerId },
    TotalAmt: amount,
    Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
  });

describe('creating invoices', () => {
  it('computes line amount, TotalAmt and Balance in exact cents (3 × 33.33 = 99.99)', async () => {
    const invoice = await createInvoice({
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 3, UnitPrice: 33.33 },
        },
      ],
    });

    expect(invoice.Line[0].Amount).toBe(99.99);
    expect(invoice.TotalAmt).toBe(99.99);
    expect(invoice.Balance).toBe(99.99);
  });

  it('adds Ids and LineNums to lines and a SubTotalLineDetail line', async () => {
    const invoice = await createInvoice({ Line: [salesLine(10.1), salesLine(20.2)] });

    expect(invoice.Line).toEqual([
      expect.objectContaining({ Id: '1', LineNum: 1, Amount: 10.1 }),
      expect.objectContaining({ Id: '2', LineNum: 2, Amount: 20.2 }),
      { Amount: 30.3, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
    ]);
    expect(invoice.TotalAmt).toBe(30.3);
  });

  it('fills DocNumber, TxnDate, DueDate (30 days), CurrencyRef and the customer name', async () => {
    const invoice = await createInvoice();
    const dueInDays = (Date.parse(invoice.DueDate) - Date.parse(invoice.TxnDate)) / 86_400_000;

    expect(invoice).toMatchObject({
      DocNumber: '1001',
      SyncToken: '0',
      CustomerRef: { value: customerId, name: 'Billed Customer' },
      CurrencyRef: { value: 'USD', name: 'United States Dollar' },
      LinkedTxn: [],
    });
    expect(invoice.TxnDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(dueInDays).toBe(30);
  });

  it('numbers invoices in sequence', async () => {
    const first = await createInvoice();
    const second = await createInvoice();

    expect([first.DocNumber, second.DocNumber]).toEqual(['1001', '1002']);
  });

  it('keeps BillEmail, BillAddr, CustomerMemo and PrivateNote', async () => {
    const fields = {
      BillEmail: { Address: 'ap@example.com' },
      BillAddr: { Line1: '1 Main St', City: 'Springfield' },
      CustomerMemo: { value: 'Thanks for your business' },
      PrivateNote: 'Issue #42',
    };

    const invoice = await createInvoice(fields);

    expect(invoice).toMatchObject(fields);
  });

  it('refuses a duplicate DocNumber with 6140', async () => {
    await createInvoice({ DocNumber: 'DB-42' });

    const result = await api.post('invoice', {
      CustomerRef: { value: customerId },
      Line: [salesLine(1)],
      DocNumber: 'DB-42',
    });

    expect(faultOf(result)).toMatchObject({ code: '6140', element: 'DocNumber' });
  });

  it('refuses a DocNumber longer than 21 characters with 2050', async () => {
    const result = await api.post('invoice', {
      CustomerRef: { value: customerId },
      Line: [salesLine(1)],
      DocNumber: 'x'.repeat(22),
    });

    expect(faultOf(result)).toMatchObject({ code: '2050', element: 'DocNumber' });
  });

  it.each([
    ['CustomerRef', { Line: [salesLine(1)] }],
    ['Line', { CustomerRef: { value: '1' } }],
    ['Line', { CustomerRef: { value: '1' }, Line: [] }],
  ])('refuses an invoice without %s with 2020', async (element, body) => {
    const result = await api.post('invoice', body);

    expect(faultOf(result)).toMatchObject({ code: '2020', element });
  });

  it('refuses an unknown customer with 2500', async () => {
    const result = await api.post('invoice', { CustomerRef: { value: '404' }, Line: [salesLine(1)] });

    expect(faultOf(result)).toMatchObject({
      code: '2500',
      Message: 'Invalid Reference Id',
      element: 'CustomerRef',
    });
  });

  it('refuses an inactive customer with 2500', async () => {
    await api.post('customer', { Id: customerId, SyncToken: '0', sparse: true, Active: false });

    const result = await api.post('invoice', { CustomerRef: { value: customerId }, Line: [salesLine(1)] });

    expect(faultOf(result)?.code).toBe('2500');
  });

  it('refuses an unknown item with 2500 on Line.SalesItemLineDetail.ItemRef', async () => {
    const result = await api.post('invoice', {
      CustomerRef: { value: customerId },
      Line: [
        { DetailType: 'SalesItemLineDetail', Amount: 5, SalesItemLineDetail: { ItemRef: { value: '999' } } },
      ],
    });

    expect(faultOf(result)).toMatchObject({ code: '2500', element: 'Line.SalesItemLineDetail.ItemRef' });
  });

  it('refuses Amount inside SalesItemLineDetail with 2010', async () => {
    const result = await api.post('invoice', {
      CustomerRef: { value: customerId },
      Line: [
        { DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1' }, Amount: 5 } },
      ],
    });

    expect(faultOf(result)).toMatchObject({ code: '2010', element: 'Line.SalesItemLineDetail.Amount' });
  });

  it('refuses an Amount that is not Qty × UnitPrice', async () => {
    const result = await api.post('invoice', {
      CustomerRef: { value: customerId },
      Line: [salesLine(100, { Qty: 2, UnitPrice: 75 })],
    });

    expect(faultOf(result)?.code).toBe('6070');
  });
});

describe('updating invoices', () => {
  it('replaces the lines on a sparse update and recomputes the totals', async () => {
    const invoice = await createInvoice();

    const result = await api.post('invoice', {
      Id: invoice.Id,
      SyncToken: invoice.SyncToken,
      sparse: true,
      Line: [salesLine(40), salesLine(2.5)],
    });

    expect(result.body.Invoice).toMatchObject({
      SyncToken: '1',
      TotalAmt: 42.5,
      Balance: 42.5,
      DocNumber: '1001',
    });
    expect(result.body.Invoice.Line).toHaveLength(3);
  });

  it('keeps the lines on a sparse update that does not send them', async () => {
    const invoice = await createInvoice();

    const result = await api.post('invoice', {
      Id: invoice.Id,
      SyncToken: '0',
      sparse: true,
      PrivateNote: 'note',
    });

    expect(result.body.Invoice).toMatchObject({ TotalAmt: 100, PrivateNote: 'note' });
  });

  it('needs CustomerRef and Line again on a full update', async () => {
    const invoice = await createInvoice();

    const result = await api.post('invoice', { Id: invoice.Id, SyncToken: '0', PrivateNote: 'full' });

    expect(faultOf(result)?.code).toBe('2020');
  });

  it('refuses a stale SyncToken with 5010', async () => {
    const invoice = await createInvoice();
    await api.post('invoice', { Id: invoice.Id, SyncToken: '0', sparse: true, PrivateNote: 'first' });

    const result = await api.post('invoice', {
      Id: invoice.Id,
      SyncToken: '0',
      sparse: true,
      PrivateNote: 'second',
    });

    expect(faultOf(result)?.code).toBe('5010');
  });
});

describe('deleting and voiding invoices', () => {
  it('answers a delete with status Deleted, then 610 on read', async () => {
    const invoice = await createInvoice();

    const deleted = await api.post('invoice?operation=delete', {
      Id: invoice.Id,
      SyncToken: invoice.SyncToken,
    });
    const read = await api.get(`invoice/${invoice.Id}`);

    expect(deleted.body.Invoice).toEqual({ Id: invoice.Id, status: 'Deleted', domain: 'QBO' });
    expect(faultOf(read)).toMatchObject({
      code: '610',
      Detail: 'Object Not Found : Another user has deleted this transaction.',
    });
  });

  it('refuses to update a deleted invoice with 610', async () => {
    const invoice = await createInvoice();
    await api.post('invoice?operation=delete', { Id: invoice.Id, SyncToken: '0' });

    const result = await api.post('invoice', {
      Id: invoice.Id,
      SyncToken: '0',
      sparse: true,
      PrivateNote: 'x',
    });

    expect(faultOf(result)?.code).toBe('610');
  });

  it('zeroes amounts and marks the note "Voided" on void, and keeps it queryable', async () => {
    const invoice = await createInvoice({
      Line: [salesLine(50, { Qty: 2, UnitPrice: 25 })],
      PrivateNote: 'Issue #7',
    });

    const voided = (await api.post('invoice?operation=void', { Id: invoice.Id, SyncToken: '0' })).body
      .Invoice;
    const found = await api.query(`select * from Invoice where Id = '${invoice.Id}'`);

    expect(voided).toMatchObject({ TotalAmt: 0, Balance: 0, SyncToken: '1' });
    expect(voided.PrivateNote).toMatch(/^Voided/);
    expect(voided.Line[0]).toMatchObject({ Amount: 0, SalesItemLineDetail: { Qty: 0 } });
    expect(found.body.QueryResponse.Invoice).toHaveLength(1);
  });
});

describe('payments', () => {
  it('lowers the balance on a partial payment and links the payment', async () => {
    const invoice = await createInvoice();

    const payment = (await pay(invoice.Id, 30)).body.Payment;
    const after = (await api.get(`invoice/${invoice.Id}`)).body.Invoice;

    expect(after).toMatchObject({ TotalAmt: 100, Balance: 70, SyncToken: '1' });
    expect(after.LinkedTxn).toEqual([{ TxnId: payment.Id, TxnType: 'Payment' }]);
  });

  it('brings the balance to zero when paid in full', async () => {
    const invoice = await createInvoice({ Line: [salesLine(99.99)] });

    await pay(invoice.Id, 33.33);
    await pay(invoice.Id, 66.66);
    const after = (await api.get(`invoice/${invoice.Id}`)).body.Invoice;

    expect(after.Balance).toBe(0);
    expect(after.LinkedTxn).toHaveLength(2);
  });

  it('refuses a payment larger than the balance', async () => {
    const invoice = await createInvoice();

    const result = await pay(invoice.Id, 100.01);

    expect(faultOf(result)?.code).toBe('6000');
  });

  it('applies a payment through the control API', async () => {
    const invoice = await createInvoice();

    const response = await fetch(`${emulator.url}/__control/payments`, {
      method: 'POST',
      body: JSON.stringify({ realmId: company.realmId, invoiceId: invoice.Id, amount: 25 }),
    });
    const after = (await api.get(`invoice/${invoice.Id}`)).body.Invoice;

    expect(response.status).toBe(200);
    expect(after.Balance).toBe(75);
  });

  it('sums open invoice balances into the customer balance', async () => {
    const first = await createInvoice();
    await createInvoice({ Line: [salesLine(50)] });
    await pay(first.Id, 100);

    const customer = (await api.get(`customer/${customerId}`)).body.Customer;

    expect(customer.Balance).toBe(50);
  });
});
