import type { InvoiceSnapshot } from '../invoices/invoice-snapshot';
import { formatCents } from '../invoices/money';

type Seen = Pick<
  InvoiceSnapshot,
  'status' | 'totalCents' | 'balanceCents' | 'dueDate' | 'sentAt' | 'deleted' | 'docNumber'
>;

const money = (cents: number) => `$${formatCents(cents)}`;

/**
 * What the history says of a change QuickBooks made to its invoice: a payment, a void, a
 * deletion, an edit of the total or due date, an email. Nothing when nothing a person would notice changed.
 */
export const historyLinesOf = (before: Seen | undefined, after: Seen, label: string): string[] => {
  if (after.deleted) return before?.deleted ? [] : [`Invoice ${label} was deleted in QuickBooks`];
  if (after.status === 'voided')
    return before?.status === 'voided' ? [] : [`Invoice ${label} was voided in QuickBooks`];
  if (!before) return [];
  const lines: string[] = [];
  const paid = before.balanceCents - after.balanceCents - (before.totalCents - after.totalCents);
  if (after.totalCents !== before.totalCents)
    lines.push(
      `Invoice ${label} was changed in QuickBooks: total ${money(before.totalCents)} → ${money(after.totalCents)}`,
    );
  if (paid > 0) lines.push(`Payment of ${money(paid)} recorded in QuickBooks`);
  if (paid < 0) lines.push(`A payment of ${money(-paid)} was removed in QuickBooks`);
  if (after.dueDate !== before.dueDate && after.dueDate)
    lines.push(`Invoice ${label} is now due ${after.dueDate}`);
  if (after.sentAt && after.sentAt !== before.sentAt)
    lines.push(`Invoice ${label} was emailed from QuickBooks`);
  return lines;
};
