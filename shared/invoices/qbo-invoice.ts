import { type IntuitEndpoints, invoiceUrl } from '../qbo/intuit-endpoints';
import type { QboLine } from './invoice-lines';
import { formatCents, toCents } from './money';

/** The QBO Invoice fields Deskbooks reads (qbo-reference §3.3). */
export type QboInvoice = {
  Id: string;
  SyncToken: string;
  DocNumber?: string;
  TotalAmt?: number;
  Balance?: number;
  DueDate?: string;
  TxnDate?: string;
  PrivateNote?: string;
  CurrencyRef?: { value?: string; name?: string };
  CustomerRef?: { value: string; name?: string };
  BillEmail?: { Address?: string };
  EmailStatus?: 'NotSet' | 'NeedToSend' | 'EmailSent' | string;
  DeliveryInfo?: { DeliveryType?: string; DeliveryTime?: string };
  Line?: QboLine[];
};

export const INVOICE_STATUSES = ['paid', 'unpaid', 'partial', 'voided'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** A line of the invoice as QuickBooks holds it (sales lines only; QuickBooks adds the subtotal). */
export type InvoiceLineView = {
  description: string;
  /** The QuickBooks product or service, by name. */
  item?: string;
  serviceDate?: string;
  quantity?: string;
  unitPrice?: string;
  amount: string;
};

export type InvoiceView = {
  id: string;
  docNumber?: string;
  label: string;
  total: string;
  balance: string;
  currency?: string;
  status: InvoiceStatus;
  overdue: boolean;
  dueDate?: string;
  /** When QuickBooks last emailed it (Send), if it has. */
  sentAt?: string;
  lines: InvoiceLineView[];
  url: string;
};

type SalesLineDetail = {
  ItemRef?: { value?: string; name?: string };
  ServiceDate?: string;
  Qty?: number;
  UnitPrice?: number;
};

// Quantities print like money, with 2 decimals at most: they are what Deskbooks sends (shared/billing/entry-amount.ts).
const toLineView = (line: QboLine): InvoiceLineView => {
  const detail = (line.SalesItemLineDetail ?? {}) as SalesLineDetail;
  return {
    description: typeof line.Description === 'string' ? line.Description : '',
    ...(detail.ItemRef?.name ? { item: detail.ItemRef.name } : {}),
    ...(detail.ServiceDate ? { serviceDate: detail.ServiceDate } : {}),
    ...(detail.Qty !== undefined ? { quantity: formatCents(toCents(detail.Qty)) } : {}),
    ...(detail.UnitPrice !== undefined ? { unitPrice: formatCents(toCents(detail.UnitPrice)) } : {}),
    amount: formatCents(toCents(typeof line.Amount === 'number' ? line.Amount : 0)),
  };
};

/** qbo-reference §3.6: QBO has no status field, so it is read from the amounts (compared in cents). */
export const invoiceStatus = (invoice: QboInvoice): InvoiceStatus => {
  const total = toCents(invoice.TotalAmt ?? 0);
  const balance = toCents(invoice.Balance ?? 0);
  if (total === 0 && invoice.PrivateNote?.startsWith('Voided')) return 'voided';
  if (balance <= 0) return 'paid';
  if (balance < total) return 'partial';
  return 'unpaid';
};

/** `today` is a YYYY-MM-DD date; QBO's DueDate is one too, so they compare as strings. */
export const isOverdue = (invoice: QboInvoice, today: string): boolean =>
  toCents(invoice.Balance ?? 0) > 0 && Boolean(invoice.DueDate) && (invoice.DueDate ?? '') < today;

export const toInvoiceView = (
  invoice: QboInvoice,
  endpoints: IntuitEndpoints,
  today: string,
): InvoiceView => ({
  id: invoice.Id,
  ...(invoice.DocNumber ? { docNumber: invoice.DocNumber } : {}),
  label: invoice.DocNumber ? invoice.DocNumber : `Invoice #${invoice.Id}`,
  total: formatCents(toCents(invoice.TotalAmt ?? 0)),
  balance: formatCents(toCents(invoice.Balance ?? 0)),
  ...(invoice.CurrencyRef?.value ? { currency: invoice.CurrencyRef.value } : {}),
  status: invoiceStatus(invoice),
  overdue: isOverdue(invoice, today),
  ...(invoice.DueDate ? { dueDate: invoice.DueDate } : {}),
  ...(invoice.EmailStatus === 'EmailSent' && invoice.DeliveryInfo?.DeliveryTime
    ? { sentAt: invoice.DeliveryInfo.DeliveryTime }
    : {}),
  lines: (invoice.Line ?? []).filter((line) => line.DetailType === 'SalesItemLineDetail').map(toLineView),
  url: invoiceUrl(endpoints, invoice.Id),
});

/** Today's date in the company's time zone; QBO companies here are US, so US Pacific (as QBO's own dates). */
export const companyToday = (now: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles' }).format(now);
