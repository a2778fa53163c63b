import { describe, expect, it } from 'vitest';
import {
  entriesToInvoice,
  entryBillingOf,
  type IssueInvoiceRecord,
  issueInvoiceStates,
} from '../../../../shared/invoices/issue-invoice-record';

const REALM = '9341450000000001';
const record = (
  fields: Partial<IssueInvoiceRecord> & Pick<IssueInvoiceRecord, 'invoiceId'>,
): IssueInvoiceRecord => ({
  realmId: REALM,
  createdAt: '2026-03-01T00:00:00.000Z',
  createdBy: 'u-staff',
  status: 'unpaid',
  ...fields,
});
const entry = (id: string, version = 1, billable = true) => ({ id, version, billable });
const linkTo = (invoiceId: string) => ({
  qboInvoices: {
    [REALM]: { invoiceId, syncToken: '0', syncedAt: '2026-03-01T00:00:00.000Z', generation: 0 },
  },
});

describe('how an entry stands against the issue’s invoices', () => {
  it('is invoiced on the invoice that bills it, labelled by its number', () => {
    const invoices = [
      record({
        invoiceId: '130',
        docNumber: '1001',
        entries: { a: 1 },
        syncedAt: '2026-03-02T00:00:00.000Z',
      }),
    ];

    expect(entryBillingOf(invoices, entry('a'))).toEqual({
      invoiced: { realmId: REALM, invoiceId: '130', label: '1001', at: '2026-03-02T00:00:00.000Z' },
    });
    expect(entryBillingOf(invoices, entry('b'))).toEqual({});
  });

  it('is out of date when changed or made not billable since', () => {
    const invoices = [record({ invoiceId: '130', entries: { a: 1 } })];

    expect(entryBillingOf(invoices, entry('a', 2)).outOfDate).toBe(true);
    expect(entryBillingOf(invoices, entry('a', 1, false)).outOfDate).toBe(true);
  });

  it('is locked, not out of date, on a paid invoice, and not invoiced at all on a voided one', () => {
    const paid = [record({ invoiceId: '130', entries: { a: 1 }, status: 'paid' })];
    const voided = [record({ invoiceId: '130', entries: { a: 1 }, status: 'voided' })];

    expect(entryBillingOf(paid, entry('a', 2))).toMatchObject({
      lockedReason: 'On paid invoice #130: it can no longer change. Log new work as a new entry.',
    });
    expect(entryBillingOf(paid, entry('a', 2)).outOfDate).toBeUndefined();
    expect(entryBillingOf(voided, entry('a'))).toEqual({});
  });
});

describe('what the next invoice bills', () => {
  it('takes the billable entries not on a paid invoice of that company', () => {
    const invoices = [
      record({ invoiceId: '130', entries: { a: 1 }, status: 'paid' }),
      record({ invoiceId: '131', entries: { b: 1 } }),
      record({ invoiceId: '9', realmId: 'other', entries: { c: 1 }, status: 'paid' }),
    ];

    const ids = entriesToInvoice(
      [entry('a'), entry('b'), entry('c'), entry('d', 1, false)],
      invoices,
      REALM,
    ).map((next) => next.id);

    expect(ids).toEqual(['b', 'c']);
  });
});

describe('the issue’s current invoice per company', () => {
  it('is out of date when an entry was added, changed or removed since it was written', () => {
    const invoices = [record({ invoiceId: '130', entries: { a: 1, b: 1 } })];
    const state = (entries: ReturnType<typeof entry>[]) =>
      issueInvoiceStates(linkTo('130'), invoices, entries)[0];

    expect(state([entry('a'), entry('b')])?.outOfDate).toBe(false);
    expect(state([entry('a'), entry('b'), entry('c')])?.outOfDate).toBe(true);
    expect(state([entry('a', 2), entry('b')])?.outOfDate).toBe(true);
    expect(state([entry('a')])?.outOfDate).toBe(true);
  });

  it('sends new work on a paid invoice to a new invoice', () => {
    const invoices = [record({ invoiceId: '130', entries: { a: 1 }, status: 'paid' })];

    expect(issueInvoiceStates(linkTo('130'), invoices, [entry('a')])).toEqual([
      {
        realmId: REALM,
        invoiceId: '130',
        label: '#130',
        status: 'paid',
        outOfDate: false,
        newWorkToInvoice: false,
      },
    ]);
    expect(issueInvoiceStates(linkTo('130'), invoices, [entry('a'), entry('b')])[0]?.newWorkToInvoice).toBe(
      true,
    );
  });
});
