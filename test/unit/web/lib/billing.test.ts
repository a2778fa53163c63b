import { describe, expect, it } from 'vitest';
import type { IssueEntries, QboItem, StoredInvoice } from '../../../../web/src/api/types';
import {
  INVOICE_STATES,
  invoiceAction,
  invoiceStateBehind,
  storedInvoicesIn,
  suggestedQboItem,
  workerChoices,
} from '../../../../web/src/lib/billing';
import { anInvoice } from '../builders';

type InvoiceState = IssueEntries['invoices'][number];

const REALM = '9341450000000001';

const aState = (overrides: Partial<InvoiceState> = {}): InvoiceState => ({
  realmId: REALM,
  invoiceId: '130',
  label: '1001',
  status: 'unpaid',
  outOfDate: false,
  newWorkToInvoice: false,
  ...overrides,
});

const linked = {
  qboInvoices: { [REALM]: { invoiceId: '130', syncToken: '0', syncedAt: '', generation: 0 } },
};

const anItem = (id: string, name: string): QboItem => ({ id, name, type: 'Service' });

describe('suggesting a QuickBooks item for an unmapped catalogue entry', () => {
  const items = [anItem('1', 'Services'), anItem('2', 'Remote  Support'), anItem('3', 'Hours')];

  it('prefers the item the old "Invoice item" setting named', () => {
    expect(suggestedQboItem({ name: 'Remote support', qboItemName: 'hours' }, items)?.id).toBe('3');
  });

  it('else takes the item named like the entry, ignoring case and spacing', () => {
    expect(suggestedQboItem({ name: ' remote support ' }, items)?.id).toBe('2');
    expect(suggestedQboItem({ name: 'Remote support', qboItemName: 'Gone' }, items)?.id).toBe('2');
  });

  it('suggests nothing when no name matches', () => {
    expect(suggestedQboItem({ name: 'Toner' }, items)).toBeUndefined();
  });
});

describe('who did the work', () => {
  it('lists each person once, by name, keeping those the staff list lacks', () => {
    const staff = [
      { id: 's', name: 'Sam' },
      { id: 'a', name: 'Alex' },
    ];

    const choices = workerChoices(staff, { id: 's', name: 'Sam' }, { id: 'j', name: 'Jordan' }, undefined);

    expect(choices.map((person) => person.name)).toEqual(['Alex', 'Jordan', 'Sam']);
  });
});

describe('the issue invoice button', () => {
  it('offers "Update invoice", marked out of date, when the entries moved on since the invoice', () => {
    expect(invoiceAction(linked, REALM, [aState({ outOfDate: true })])).toEqual({
      kind: 'update',
      outOfDate: true,
    });
  });

  it('offers a plain "Update invoice" while the invoice bills the entries as they are', () => {
    expect(invoiceAction(linked, REALM, [aState()])).toEqual({ kind: 'update', outOfDate: false });
  });

  it.each(['paid', 'voided'] as const)(
    'offers "Create invoice" again for new work after a %s invoice',
    (status) => {
      expect(invoiceAction(linked, REALM, [aState({ status, newWorkToInvoice: true })])).toEqual({
        kind: 'create',
        outOfDate: false,
      });
    },
  );

  it('offers nothing on a paid invoice without new work, and says why', () => {
    const action = invoiceAction(linked, REALM, [aState({ status: 'paid', outOfDate: true })]);

    expect(action).toEqual({
      kind: 'none',
      reason:
        'Invoice 1001 is paid and all billable work is on a paid invoice. New work logged here goes on a new invoice.',
    });
  });

  it('says why there is nothing to put on a new invoice after a voided one', () => {
    const action = invoiceAction(linked, REALM, [aState({ status: 'voided' })]);

    expect(action).toMatchObject({ kind: 'none', reason: expect.stringContaining('voided') });
  });

  it('goes by the viewer’s company only', () => {
    const elsewhere = aState({ realmId: '42', status: 'paid' });

    expect(invoiceAction({}, REALM, [elsewhere])).toEqual({ kind: 'create', outOfDate: false });
  });

  it('falls back to the issue’s link while the entries’ state is unknown', () => {
    expect(invoiceAction(linked, REALM, undefined)).toEqual({ kind: 'update', outOfDate: false });
    expect(invoiceAction({}, REALM, undefined)).toEqual({ kind: 'create', outOfDate: false });
    expect(invoiceAction({}, REALM, [], true)).toEqual({ kind: 'update', outOfDate: false });
  });
});

describe('reading the entries again after the invoice list', () => {
  it('does when QuickBooks shows the current invoice paid and Deskbooks had it unpaid', () => {
    expect(invoiceStateBehind([aState()], REALM, [anInvoice({ status: 'paid' })])).toBe(true);
  });

  it('does when the current invoice was deleted in QuickBooks (recorded as voided)', () => {
    expect(invoiceStateBehind([aState()], REALM, [])).toBe(true);
  });

  it('does not when both agree, or before both are loaded', () => {
    expect(invoiceStateBehind([aState({ status: 'paid' })], REALM, [anInvoice({ status: 'paid' })])).toBe(
      false,
    );
    expect(invoiceStateBehind(undefined, REALM, [anInvoice()])).toBe(false);
    expect(invoiceStateBehind([aState()], REALM, undefined)).toBe(false);
    expect(invoiceStateBehind([aState({ realmId: '42' })], REALM, [])).toBe(false);
  });
});

describe('the invoices Deskbooks stored for an issue', () => {
  const aStoredInvoice = (overrides: Partial<StoredInvoice> = {}): StoredInvoice => ({
    realmId: REALM,
    invoiceId: '130',
    label: '1001',
    status: 'unpaid',
    total: '150.00',
    balance: '150.00',
    seenAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  });

  it('shows those of the viewer’s company, as of the oldest reading', () => {
    const stored = [
      aStoredInvoice({ invoiceId: '130', seenAt: '2026-11-21T09:00:00.000Z' }),
      aStoredInvoice({ invoiceId: '131', seenAt: '2026-11-20T08:00:00.000Z' }),
      aStoredInvoice({ realmId: 'other', invoiceId: '7', seenAt: '2026-01-01T00:00:00.000Z' }),
    ];

    const { invoices, asOf } = storedInvoicesIn(stored, REALM);

    expect(invoices.map((invoice) => invoice.invoiceId)).toEqual(['130', '131']);
    expect(asOf).toBe('2026-11-20T08:00:00.000Z');
  });

  it('gives no time when none was read from QuickBooks, and nothing before the entries load', () => {
    expect(storedInvoicesIn([aStoredInvoice({ seenAt: undefined })], REALM).asOf).toBeUndefined();
    expect(storedInvoicesIn(undefined, REALM)).toEqual({ invoices: [], asOf: undefined });
  });
});

describe('the Invoices page’s status filter', () => {
  it('offers every state an invoice can be in, but not "Not invoiced"', () => {
    expect(INVOICE_STATES).toEqual(['unpaid', 'partial', 'paid', 'overdue', 'voided']);
  });
});
