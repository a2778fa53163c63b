import { type BillingState, billingStateOf } from './invoice-snapshot';
import { type IssueInvoiceRecord, invoiceLabel } from './issue-invoice-record';
import { formatCents } from './money';

/** An invoice as Deskbooks last saw it in QuickBooks, from its record: no QuickBooks call. */
export type StoredInvoiceView = {
  realmId: string;
  invoiceId: string;
  label: string;
  status: BillingState;
  total: string;
  balance: string;
  currency?: string;
  dueDate?: string;
  sentAt?: string;
  seenAt?: string;
};

/** `today` is the company's date (companyToday), for "Overdue". */
export const storedInvoiceOf = (record: IssueInvoiceRecord, today: string): StoredInvoiceView => ({
  realmId: record.realmId,
  invoiceId: record.invoiceId,
  label: invoiceLabel(record),
  status: billingStateOf(
    record.status
      ? { status: record.status, balanceCents: record.balanceCents ?? 0, dueDate: record.dueDate }
      : undefined,
    today,
  ),
  total: formatCents(record.totalCents ?? 0),
  balance: formatCents(record.balanceCents ?? 0),
  ...(record.currency ? { currency: record.currency } : {}),
  ...(record.dueDate ? { dueDate: record.dueDate } : {}),
  ...(record.sentAt ? { sentAt: record.sentAt } : {}),
  ...(record.seenAt ? { seenAt: record.seenAt } : {}),
});
