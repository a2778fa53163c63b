import { describe, expect, it } from 'vitest';
import { companyToday, type QboInvoice, toInvoiceView } from '../../../../shared/invoices/qbo-invoice';
import { intuitEndpoints } from '../../../../shared/qbo/intuit-endpoints';

const endpoints = intuitEndpoints({ INTUIT_ENVIRONMENT: 'production', INTUIT_BASE_URL: undefined });
const invoice = (fields: Partial<QboInvoice>): QboInvoice => ({
  Id: '130',
  SyncToken: '0',
  TotalAmt: 100,
  Balance: 100,
  ...fields,
});
const view = (fields: Partial<QboInvoice>, today = '2026-11-25') =>
  toInvoiceView(invoice(fields), endpoints, today);

describe('how an invoice is shown', () => {
  it.each([
    [{ TotalAmt: 100, Balance: 100 }, 'unpaid'],
    [{ TotalAmt: 100, Balance: 0.01 }, 'partial'],
    [{ TotalAmt: 100, Balance: 0 }, 'paid'],
    [{ TotalAmt: 0, Balance: 0 }, 'paid'],
    [{ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided - duplicate' }, 'voided'],
  ] as const)('%o is %s', (amounts, status) => {
    expect(view(amounts).status).toBe(status);
  });

  it('is overdue only past its due date with something left to pay', () => {
    expect(view({ DueDate: '2026-11-24' }).overdue).toBe(true);
    expect(view({ DueDate: '2026-11-25' }).overdue).toBe(false);
    expect(view({ DueDate: '2026-11-24', Balance: 0 }).overdue).toBe(false);
  });

  it('keeps cents exact where floats would drift', () => {
    const shown = view({ TotalAmt: 0.1 + 0.2, Balance: 1234567.89 });

    expect(shown.total).toBe('0.30');
    expect(shown.balance).toBe('1234567.89');
  });

  it('is labelled by its DocNumber, or "Invoice #<id>" when QuickBooks has none', () => {
    expect(view({ DocNumber: '1042' }).label).toBe('1042');
    expect(view({}).label).toBe('Invoice #130');
  });

  it('links to the invoice in the QuickBooks web app', () => {
    expect(view({}).url).toBe('https://app.qbo.intuit.com/app/invoice?txnId=130');
  });

  it('dates "today" in the company’s (Pacific) time zone', () => {
    expect(companyToday(new Date('2026-11-25T06:00:00Z'))).toBe('2026-11-24');
  });
});
