import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../local/qbo-emulator';
import {
  type ApiResult,
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
  customerId = (await api.post('customer', { DisplayName: 'Mailed Customer' })).body.Customer.Id;
});

const createInvoice = async (fields: Record<string, unknown> = {}) =>
  (await api.post('invoice', { CustomerRef: { value: customerId }, Line: [salesLine(100)], ...fields })).body
    .Invoice;

/** What Intuit's SDKs send for a send: POST, no body, `application/octet-stream`. */
const send = async (invoiceId: string, sendTo?: string): Promise<ApiResult> => {
  const query = sendTo === undefined ? '' : `?sendTo=${encodeURIComponent(sendTo)}`;
  const response = await fetch(
    `${emulator.url}/v3/company/${company.realmId}/invoice/${invoiceId}/send${query}`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${company.accessToken}`,
        accept: 'application/json',
        'content-type': 'application/octet-stream',
      },
    },
  );
  return { status: response.status, headers: response.headers, body: await response.json() };
};

const deleteInvoice = (invoice: { Id: string; SyncToken: string }) =>
  api.post('invoice?operation=delete', { Id: invoice.Id, SyncToken: invoice.SyncToken });

describe('sending an invoice', () => {
  it('marks it EmailSent with an email DeliveryInfo and counts it as a write', async () => {
    const invoice = await createInvoice({ BillEmail: { Address: 'ap@example.com' } });
    emulator.advanceClock(60);

    const result = await send(invoice.Id);

    expect(result.status).toBe(200);
    expect(result.body.Invoice).toMatchObject({
      Id: invoice.Id,
      SyncToken: '1',
      EmailStatus: 'EmailSent',
      BillEmail: { Address: 'ap@example.com' },
      DeliveryInfo: { DeliveryType: 'Email', DeliveryTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
    });
    expect(result.body.Invoice.MetaData.LastUpdatedTime).not.toBe(invoice.MetaData.LastUpdatedTime);
    expect(result.body.time).toEqual(expect.any(String));
  });

  it('keeps the sent state on a later read', async () => {
    const invoice = await createInvoice({ BillEmail: { Address: 'ap@example.com' } });
    const sent = (await send(invoice.Id)).body.Invoice;

    const read = (await api.get(`invoice/${invoice.Id}`)).body.Invoice;

    expect(read).toMatchObject({ EmailStatus: 'EmailSent', SyncToken: '1', DeliveryInfo: sent.DeliveryInfo });
  });

  it('mails sendTo instead of BillEmail and keeps it as the new BillEmail', async () => {
    const invoice = await createInvoice({ BillEmail: { Address: 'old@example.com' } });

    const result = await send(invoice.Id, 'billing@example.com');

    expect(result.body.Invoice.BillEmail).toEqual({ Address: 'billing@example.com' });
    expect(emulator.sentEmails(company.realmId)).toEqual([
      { invoiceId: invoice.Id, to: 'billing@example.com', at: result.body.Invoice.DeliveryInfo.DeliveryTime },
    ]);
  });

  it('sends to sendTo when the invoice has no BillEmail', async () => {
    const invoice = await createInvoice();

    const result = await send(invoice.Id, 'first@example.com');

    expect(result.body.Invoice).toMatchObject({
      EmailStatus: 'EmailSent',
      BillEmail: { Address: 'first@example.com' },
    });
  });

  it('lists the mails sent through the control API', async () => {
    const invoice = await createInvoice({ BillEmail: { Address: 'ap@example.com' } });
    await send(invoice.Id);
    await send(invoice.Id, 'cc@example.com');

    const response = await fetch(`${emulator.url}/__control/sent-emails/${company.realmId}`);

    expect(await response.json()).toEqual([
      { invoiceId: invoice.Id, to: 'ap@example.com', at: expect.any(String) },
      { invoiceId: invoice.Id, to: 'cc@example.com', at: expect.any(String) },
    ]);
  });

  it('refuses an invoice with no BillEmail and no sendTo with 2020 on BillEmail and mails nothing', async () => {
    const invoice = await createInvoice();

    const result = await send(invoice.Id);

    expect(result.status).toBe(400);
    expect(faultOf(result)).toMatchObject({ code: '2020', element: 'BillEmail' });
    expect(emulator.sentEmails(company.realmId)).toEqual([]);
    expect((await api.get(`invoice/${invoice.Id}`)).body.Invoice).toMatchObject({
      SyncToken: '0',
      EmailStatus: 'NotSet',
    });
  });

  it('refuses a sendTo that is not an email address with 2040', async () => {
    const invoice = await createInvoice();

    const result = await send(invoice.Id, 'not-an-address');

    expect(faultOf(result)).toMatchObject({ code: '2040', element: 'BillEmail.Address' });
  });

  it('answers an unknown invoice with the 610 of a read', async () => {
    const result = await send('404', 'ap@example.com');

    expect(faultOf(result)).toEqual(faultOf(await api.get('invoice/404')));
    expect(faultOf(result)?.code).toBe('610');
  });

  it('answers a deleted invoice with 610 "deleted"', async () => {
    const invoice = await createInvoice({ BillEmail: { Address: 'ap@example.com' } });
    await deleteInvoice(invoice);

    const result = await send(invoice.Id);

    expect(faultOf(result)).toMatchObject({
      code: '610',
      Detail: 'Object Not Found : Another user has deleted this transaction.',
    });
  });

  it('refuses EmailStatus NeedToSend without a BillEmail with 2020', async () => {
    const result = await api.post('invoice', {
      CustomerRef: { value: customerId },
      Line: [salesLine(10)],
      EmailStatus: 'NeedToSend',
    });

    expect(faultOf(result)).toMatchObject({ code: '2020', element: 'BillEmail' });
  });
});
