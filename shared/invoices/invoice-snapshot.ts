import { openInvoiceIndex } from '../keys';
import { toCents } from './money';
import { type InvoiceStatus, invoiceStatus, type QboInvoice } from './qbo-invoice';

/**
 * An invoice as Deskbooks last saw it in QuickBooks, stored on its record so lists need no QuickBooks
 * call. `syncToken` orders snapshots: QuickBooks raises it on every change, so a snapshot is only ever
 * replaced by one with a higher token (or by the invoice's deletion, which is final).
 */
export type InvoiceSnapshot = {
  status: InvoiceStatus;
  totalCents: number;
  balanceCents: number;
  dueDate?: string;
  docNumber?: string;
  customerId?: string;
  /** The invoice's currency code (the company's home currency unless multicurrency). */
  currency?: string;
  sentAt?: string;
  /** QuickBooks' SyncToken as a number; DELETED_SYNC_TOKEN once the invoice is deleted there. */
  syncToken: number;
  deleted?: true;
  /** When Deskbooks read this from QuickBooks. */
  seenAt: string;
};

/** Deletion is final in QuickBooks, so it outranks every version. */
export const DELETED_SYNC_TOKEN = Number.MAX_SAFE_INTEGER;

export const snapshotOf = (invoice: QboInvoice, seenAt: Date): InvoiceSnapshot => ({
  status: invoiceStatus(invoice),
  totalCents: toCents(invoice.TotalAmt ?? 0),
  balanceCents: toCents(invoice.Balance ?? 0),
  ...(invoice.DueDate ? { dueDate: invoice.DueDate } : {}),
  ...(invoice.DocNumber ? { docNumber: invoice.DocNumber } : {}),
  ...(invoice.CustomerRef?.value ? { customerId: invoice.CustomerRef.value } : {}),
  ...(invoice.CurrencyRef?.value ? { currency: invoice.CurrencyRef.value } : {}),
  ...(invoice.EmailStatus === 'EmailSent' && invoice.DeliveryInfo?.DeliveryTime
    ? { sentAt: invoice.DeliveryInfo.DeliveryTime }
    : {}),
  syncToken: Number(invoice.SyncToken),
  seenAt: seenAt.toISOString(),
});

/** What is left of an invoice deleted in QuickBooks: nothing owed, nothing billed. */
export const deletedSnapshot = (
  before: Partial<Pick<InvoiceSnapshot, 'docNumber' | 'customerId' | 'currency'>> | undefined,
  seenAt: Date,
): InvoiceSnapshot => ({
  status: 'voided',
  totalCents: 0,
  balanceCents: 0,
  ...(before?.docNumber ? { docNumber: before.docNumber } : {}),
  ...(before?.customerId ? { customerId: before.customerId } : {}),
  ...(before?.currency ? { currency: before.currency } : {}),
  syncToken: DELETED_SYNC_TOKEN,
  deleted: true,
  seenAt: seenAt.toISOString(),
});

export const BILLING_STATES = ['not_invoiced', 'unpaid', 'partial', 'paid', 'overdue', 'voided'] as const;
/** What the issues list's "Billing" column says. */
export type BillingState = (typeof BILLING_STATES)[number];

/** Unpaid or partly paid past its due date (a YYYY-MM-DD in the company's zone, like `today`) is overdue. */
export const billingStateOf = (
  snapshot: Pick<InvoiceSnapshot, 'status' | 'balanceCents' | 'dueDate'> | undefined,
  today: string,
): BillingState => {
  if (!snapshot) return 'not_invoiced';
  const open = snapshot.status === 'unpaid' || snapshot.status === 'partial';
  if (open && snapshot.balanceCents > 0 && snapshot.dueDate && snapshot.dueDate < today) return 'overdue';
  return snapshot.status;
};

/** What the issue keeps of its latest invoice, for the issues list. */
export const issueBillingOf = (
  snapshot: InvoiceSnapshot,
  invoice: { realmId: string; invoiceId: string },
) => ({
  realmId: invoice.realmId,
  invoiceId: invoice.invoiceId,
  status: snapshot.status,
  totalCents: snapshot.totalCents,
  balanceCents: snapshot.balanceCents,
  ...(snapshot.dueDate ? { dueDate: snapshot.dueDate } : {}),
  syncToken: snapshot.syncToken,
});

/** Money still owed on it: it counts towards the outstanding total (and overdue, once past due). */
export const isOpen = (snapshot: Pick<InvoiceSnapshot, 'status' | 'balanceCents'>) =>
  (snapshot.status === 'unpaid' || snapshot.status === 'partial') && snapshot.balanceCents > 0;

/** The snapshot's fields as stored on the invoice's record, with its place among the open invoices. */
export const snapshotFields = (
  snapshot: InvoiceSnapshot,
  invoice: { realmId: string; invoiceId: string },
) => ({
  ...snapshot,
  ...openInvoiceIndex(isOpen(snapshot) ? snapshot : undefined, invoice.realmId, invoice.invoiceId),
});
