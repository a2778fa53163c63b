import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../local/qbo-emulator';
import {
  connectCompany,
  faultOf,
  type QboApi,
  qboApi,
  salesLine,
  startTestQboEmulator,
} from '../../support/qbo-emulator';

let emulator: QboEmulator;
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
  api = qboApi(emulator, await connectCompany(emulator));
  customerId = (await api.post('customer', { DisplayName: 'Line Customer' })).body.Customer.Id;
});

const described = (description: string, amount: number, extra: Record<string, unknown> = {}) => ({
  ...salesLine(amount),
  Description: description,
  ...extra,
});

const createInvoice = async (lines: unknown[]) =>
  (await api.post('invoice', { CustomerRef: { value: customerId }, Line: lines })).body.Invoice;

const createWithLines = (line: unknown) =>
  api.post('invoice', { CustomerRef: { value: customerId }, Line: [line] });

const update = (invoice: { Id: string; SyncToken: string }, lines: unknown[], sparse = true) =>
  api.post('invoice', {
    Id: invoice.Id,
    SyncToken: invoice.SyncToken,
    ...(sparse ? { sparse: true } : { CustomerRef: { value: customerId } }),
    Line: lines,
  });

interface InvoiceLine {
  Id?: string;
  LineNum?: number;
  Description?: string;
  DetailType: string;
  Amount?: number;
}

const itemLines = (invoice: { Line: InvoiceLine[] }) =>
  invoice.Line.filter((line) => line.DetailType !== 'SubTotalLineDetail');

const idsAndDescriptions = (invoice: { Line: InvoiceLine[] }) =>
  itemLines(invoice).map((line) => [line.Id, line.LineNum, line.Description]);

describe('line Ids across updates', () => {
  it.each([
    ['sparse', true],
    ['full', false],
  ])(
    'keeps the Id of a line sent back with it and takes the sent content (%s update)',
    async (_kind, sparse) => {
      const invoice = await createInvoice([described('Setup', 50), described('Support', 30)]);

      const result = await update(
        invoice,
        [described('Setup, revised', 60, { Id: '1' }), described('Support', 30, { Id: '2' })],
        sparse,
      );

      expect(idsAndDescriptions(result.body.Invoice)).toEqual([
        ['1', 1, 'Setup, revised'],
        ['2', 2, 'Support'],
      ]);
      expect(result.body.Invoice.TotalAmt).toBe(90);
    },
  );

  it('gives a line sent without an Id the next Id after the highest, not its position', async () => {
    const invoice = await createInvoice([described('Setup', 50), described('Support', 30)]);

    const result = await update(invoice, [described('New part', 5), described('Support', 30, { Id: '2' })]);

    expect(idsAndDescriptions(result.body.Invoice)).toEqual([
      ['3', 1, 'New part'],
      ['2', 2, 'Support'],
    ]);
  });

  it('never gives a new line the Id of a line that was removed', async () => {
    const invoice = await createInvoice([described('Setup', 50), described('Support', 30)]);
    const removed = (await update(invoice, [described('Setup', 50, { Id: '1' })])).body.Invoice;

    const result = await update(removed, [described('Setup', 50, { Id: '1' }), described('Later work', 20)]);

    expect(idsAndDescriptions(result.body.Invoice)).toEqual([
      ['1', 1, 'Setup'],
      ['3', 2, 'Later work'],
    ]);
  });

  it('removes the lines an update does not send and recomputes the total', async () => {
    const invoice = await createInvoice([
      described('Setup', 50),
      described('Support', 30),
      described('Parts', 7),
    ]);

    const result = await update(invoice, [described('Parts', 7, { Id: '3' })]);

    expect(idsAndDescriptions(result.body.Invoice)).toEqual([['3', 1, 'Parts']]);
    expect(result.body.Invoice.Line.at(-1)).toEqual({
      Amount: 7,
      DetailType: 'SubTotalLineDetail',
      SubTotalLineDetail: {},
    });
    expect(result.body.Invoice.TotalAmt).toBe(7);
  });

  it('numbers LineNum in the order the lines are sent', async () => {
    const invoice = await createInvoice([described('Setup', 50), described('Support', 30)]);

    const result = await update(invoice, [
      described('Support', 30, { Id: '2' }),
      described('Setup', 50, { Id: '1' }),
    ]);

    expect(idsAndDescriptions(result.body.Invoice)).toEqual([
      ['2', 1, 'Support'],
      ['1', 2, 'Setup'],
    ]);
  });

  it('keeps every line and its Id on a sparse update that sends no Line', async () => {
    const invoice = await createInvoice([described('Setup', 50), described('Support', 30)]);

    const result = await api.post('invoice', {
      Id: invoice.Id,
      SyncToken: invoice.SyncToken,
      sparse: true,
      PrivateNote: 'checked',
    });

    expect(idsAndDescriptions(result.body.Invoice)).toEqual(idsAndDescriptions(invoice));
  });

  it('refuses a line Id that is not a line of this invoice with 2500 on Line.Id', async () => {
    await createInvoice([described('Other', 1), described('Other', 2), described('Other', 3)]);
    const invoice = await createInvoice([described('Setup', 50)]);

    const result = await update(invoice, [described('Setup', 50, { Id: '3' })]);

    expect(faultOf(result)).toMatchObject({ code: '2500', element: 'Line.Id' });
    expect((await api.get(`invoice/${invoice.Id}`)).body.Invoice.SyncToken).toBe('0');
  });

  it('refuses the same line Id sent twice with 2500 on Line.Id', async () => {
    const invoice = await createInvoice([described('Setup', 50)]);

    const result = await update(invoice, [
      described('Setup', 50, { Id: '1' }),
      described('Copy', 50, { Id: '1' }),
    ]);

    expect(faultOf(result)).toMatchObject({ code: '2500', element: 'Line.Id' });
  });

  it('numbers the lines of a new invoice from 1, whatever Ids a copied invoice carries', async () => {
    const invoice = await createInvoice([
      described('Setup', 50, { Id: '7' }),
      described('Support', 30, { Id: '9' }),
    ]);

    expect(idsAndDescriptions(invoice)).toEqual([
      ['1', 1, 'Setup'],
      ['2', 2, 'Support'],
    ]);
  });
});

describe('ServiceDate', () => {
  it('keeps a valid date as sent', async () => {
    const invoice = await createInvoice([
      described('Visit', 90, { SalesItemLineDetail: { ServiceDate: '2026-02-28' } }),
    ]);

    expect(invoice.Line[0].SalesItemLineDetail.ServiceDate).toBe('2026-02-28');
  });

  it.each(['2026-02-30', '2026-13-01', '28/02/2026', '2026-2-8', '', 20260228])(
    'refuses ServiceDate %j with 2010 naming the element',
    async (value) => {
      const result = await createWithLines(
        described('Visit', 90, { SalesItemLineDetail: { ServiceDate: value } }),
      );

      expect(faultOf(result)).toMatchObject({
        code: '2010',
        element: 'Line.SalesItemLineDetail.ServiceDate',
      });
    },
  );
});

describe('TaxCodeRef on a US company without automated sales tax', () => {
  it.each(['TAX', 'NON'])('keeps the pseudo code %s', async (code) => {
    const invoice = await createInvoice([salesLine(10, { TaxCodeRef: { value: code } })]);

    expect(invoice.Line[0].SalesItemLineDetail.TaxCodeRef).toEqual({ value: code });
  });

  it('counts a line without a tax code as TAX', async () => {
    const invoice = await createInvoice([salesLine(10)]);

    expect(invoice.Line[0].SalesItemLineDetail.TaxCodeRef).toEqual({ value: 'TAX' });
  });

  it.each(['2', 'EXEMPT', 'tax'])('refuses tax code %s with 2500', async (code) => {
    const result = await createWithLines(salesLine(10, { TaxCodeRef: { value: code } }));

    expect(faultOf(result)).toMatchObject({
      code: '2500',
      Message: 'Invalid Reference Id',
      element: 'Line.SalesItemLineDetail.TaxCodeRef',
    });
  });
});

describe('Qty and UnitPrice', () => {
  const timed = (qty: number, unitPrice: number, amount?: number) => ({
    DetailType: 'SalesItemLineDetail',
    ...(amount === undefined ? {} : { Amount: amount }),
    SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: qty, UnitPrice: unitPrice },
  });

  it('bills fractional hours to the exact cent', async () => {
    const invoice = await createInvoice([timed(1.5, 90), timed(1.25, 33.33), timed(0.75, 33.33)]);

    expect(itemLines(invoice).map((line) => line.Amount)).toEqual([135, 41.66, 25]);
    expect(invoice.Line[1].SalesItemLineDetail).toMatchObject({ Qty: 1.25, UnitPrice: 33.33 });
    expect(invoice.TotalAmt).toBe(201.66);
  });

  it('accepts an Amount equal to Qty × UnitPrice rounded to the cent', async () => {
    const invoice = await createInvoice([timed(1.25, 33.33, 41.66)]);

    expect(invoice.TotalAmt).toBe(41.66);
  });

  it('refuses an Amount one cent off Qty × UnitPrice with 6070', async () => {
    const result = await createWithLines(timed(1.25, 33.33, 41.67));

    expect(faultOf(result)).toMatchObject({ code: '6070', element: 'Line.Amount' });
  });

  it.each([
    ['Qty', { Qty: 'lots', UnitPrice: 90 }],
    ['UnitPrice', { Qty: 1, UnitPrice: { amount: 90 } }],
  ])('refuses a %s that is not a number with 2010', async (field, detail) => {
    const result = await createWithLines({
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: '1' }, ...detail },
    });

    expect(faultOf(result)).toMatchObject({ code: '2010', element: `Line.SalesItemLineDetail.${field}` });
  });
});
