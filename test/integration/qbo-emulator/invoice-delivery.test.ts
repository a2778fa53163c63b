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

const fetchPdf = (invoiceId: string) =>
  fetch(`${emulator.url}/v3/company/${company.realmId}/invoice/${invoiceId}/pdf`, {
    headers: { authorization: `Bearer ${company.accessToken}`, accept: 'application/pdf' },
  });

const pdfText = async (invoiceId: string) =>
  Buffer.from(await (await fetchPdf(invoiceId)).arrayBuffer()).toString('latin1');

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

describe('the invoice PDF', () => {
  const pdfInvoice = () =>
    createInvoice({
      DocNumber: 'DB-77',
      TxnDate: '2026-03-02',
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Description: 'Remote support (1.5 h)',
          SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 1.5, UnitPrice: 90 },
        },
        { ...salesLine(12.5), Description: 'Cable \\ adapter' },
      ],
    });

  it('answers application/pdf', async () => {
    const invoice = await pdfInvoice();

    const response = await fetchPdf(invoice.Id);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
  });

  it('is a PDF 1.4 file ending in %%EOF whose startxref points at the xref table', async () => {
    const text = await pdfText((await pdfInvoice()).Id);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n?$/.exec(text)?.[1]);

    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
  });

  it('has a cross-reference table whose every offset points at its "N 0 obj"', async () => {
    const text = await pdfText((await pdfInvoice()).Id);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
    const [, count = '0', table = ''] = /^xref\n0 (\d+)\n([\s\S]*?)trailer/.exec(text.slice(startxref)) ?? [];
    const entries = table.match(/.{18}\s?\n/g) ?? [];

    expect(entries).toHaveLength(Number(count));
    expect(entries[0]).toBe('0000000000 65535 f \n');
    entries.slice(1).forEach((entry, index) => {
      expect(entry).toMatch(/^\d{10} 00000 n \n$/);
      const offset = Number(entry.slice(0, 10));
      expect(text.slice(offset, offset + 20)).toMatch(new RegExp(`^${index + 1} 0 obj\n`));
    });
    expect(text).toMatch(new RegExp(`trailer\n<< /Size ${count} /Root 1 0 R`));
  });

  it('gives every content stream its exact /Length', async () => {
    const text = await pdfText((await pdfInvoice()).Id);
    const streams = [...text.matchAll(/<< \/Length (\d+) >>\nstream\n([\s\S]*?)\nendstream/g)];

    expect(streams.length).toBeGreaterThan(0);
    for (const [, length, data = ''] of streams) expect(data.length).toBe(Number(length));
  });

  it('shows company, number, date, customer, each line and the total in Helvetica', async () => {
    const text = await pdfText((await pdfInvoice()).Id);
    const content = [...text.matchAll(/stream\n([\s\S]*?)\nendstream/g)].map(([, data]) => data).join('\n');

    expect(text).toContain('/BaseFont /Helvetica');
    for (const shown of [
      '(Sandbox Company US 1)',
      '(Invoice no. DB-77)',
      '(Date 2026-03-02)',
      '(Mailed Customer)',
      '(Remote support \\(1.5 h\\))',
      '(Cable \\\\ adapter)',
      '(1.5)',
      '($90.00)',
      '($135.00)',
      '($12.50)',
      '(Total)',
      '($147.50)',
    ])
      expect(content).toContain(shown);
  });

  it('answers an unknown invoice with the 610 Fault', async () => {
    const response = await fetchPdf('404');

    expect(response.status).toBe(400);
    expect((await response.json()).Fault.Error[0].code).toBe('610');
  });
});

describe('the invoice page', () => {
  const page = async (invoiceId: string) =>
    (await fetch(`${emulator.url}/app/invoice?txnId=${invoiceId}&realmId=${company.realmId}`)).text();

  it('shows each line with description, service date, qty, rate, amount and tax code', async () => {
    const invoice = await createInvoice({
      Line: [
        {
          DetailType: 'SalesItemLineDetail',
          Description: 'On-site visit',
          SalesItemLineDetail: {
            ItemRef: { value: '1' },
            Qty: 1.25,
            UnitPrice: 80,
            ServiceDate: '2026-03-02',
            TaxCodeRef: { value: 'NON' },
          },
        },
      ],
    });

    const html = await page(invoice.Id);

    expect(html).toMatch(
      /<tr><td>Services<\/td><td>On-site visit<\/td><td>2026-03-02<\/td><td>1.25<\/td><td>\$80.00<\/td><td>\$100.00<\/td><td>NON<\/td><\/tr>/,
    );
  });

  it('escapes HTML in line descriptions', async () => {
    const invoice = await createInvoice({ Line: [{ ...salesLine(5), Description: '<b>Fuse</b> & "cap"' }] });

    const html = await page(invoice.Id);

    expect(html).toContain('&lt;b&gt;Fuse&lt;/b&gt; &amp; &quot;cap&quot;');
    expect(html).not.toContain('<b>Fuse</b>');
  });

  it('shows the email status and when the invoice was sent', async () => {
    const invoice = await createInvoice({ BillEmail: { Address: 'ap@example.com' } });
    const before = await page(invoice.Id);
    const sent = (await send(invoice.Id)).body.Invoice;

    const after = await page(invoice.Id);

    expect(before).toContain('<dd>NotSet</dd>');
    expect(after).toContain('<dd>EmailSent</dd>');
    expect(after).toContain(sent.DeliveryInfo.DeliveryTime);
  });
});
