import { describe, expect, it } from 'vitest';
import { billingStateOf } from '../../../../shared/invoices/invoice-snapshot';
import { historyLinesOf } from '../../../../shared/qbo-events/invoice-history';

const unpaid = { status: 'unpaid' as const, totalCents: 30_000, balanceCents: 30_000, dueDate: '2026-12-31' };

describe('what the issue’s history says of a change in QuickBooks', () => {
  it('says how much a payment brought in', () => {
    expect(historyLinesOf(unpaid, { ...unpaid, status: 'partial', balanceCents: 15_000 }, '1001')).toEqual([
      'Payment of $150.00 recorded in QuickBooks',
    ]);
  });

  it('says when the invoice was voided or deleted, once', () => {
    const voided = { ...unpaid, status: 'voided' as const, totalCents: 0, balanceCents: 0 };
    expect(historyLinesOf(unpaid, voided, '1001')).toEqual(['Invoice 1001 was voided in QuickBooks']);
    expect(historyLinesOf(voided, voided, '1001')).toEqual([]);
    expect(historyLinesOf(unpaid, { ...voided, deleted: true }, '1001')).toEqual([
      'Invoice 1001 was deleted in QuickBooks',
    ]);
  });

  it('tells an edit of the total from a payment', () => {
    expect(historyLinesOf(unpaid, { ...unpaid, totalCents: 35_000, balanceCents: 35_000 }, '1001')).toEqual([
      'Invoice 1001 was changed in QuickBooks: total $300.00 → $350.00',
    ]);
  });

  it('says nothing when nothing a person would notice changed', () => {
    expect(historyLinesOf(unpaid, unpaid, '1001')).toEqual([]);
  });
});

describe('the issues list’s Billing column', () => {
  it('is overdue for an open balance past its due date, else the status', () => {
    expect(billingStateOf(undefined, '2026-12-02')).toBe('not_invoiced');
    expect(billingStateOf(unpaid, '2026-12-02')).toBe('unpaid');
    expect(billingStateOf(unpaid, '2027-01-01')).toBe('overdue');
    expect(billingStateOf({ ...unpaid, status: 'paid', balanceCents: 0 }, '2027-01-01')).toBe('paid');
  });
});
