import type { Issue } from '../issues/issue';
import type { InvoiceSnapshot } from './invoice-snapshot';
import type { InvoiceStatus } from './qbo-invoice';

/** What Deskbooks recorded of an invoice it made from an issue: the issue partition's `INVOICE#` item. */
export type IssueInvoiceRecord = Partial<InvoiceSnapshot> & {
  realmId: string;
  invoiceId: string;
  docNumber?: string;
  createdAt: string;
  createdBy: string;
  /** The entries the invoice bills, each at the version it billed. Absent on invoices made before billable work. */
  entries?: Record<string, number>;
  /** The Ids of the lines Deskbooks wrote. Absent before billable work, when Deskbooks wrote only the first line. */
  lineIds?: string[];
  /** The invoice's status when Deskbooks last saw it. */
  status?: InvoiceStatus;
  /** When Deskbooks last wrote the invoice. */
  syncedAt?: string;
};

/** An invoice as the issue page names it: its number, else its id. */
export const invoiceLabel = (record: Pick<IssueInvoiceRecord, 'docNumber' | 'invoiceId'>) =>
  record.docNumber ?? `#${record.invoiceId}`;

/** The entry fields billing compares: which entry, at which version, and whether it bills. */
export type EntryVersion = { id: string; version: number; billable: boolean };

/** Where an entry was invoiced last: an invoice that is not voided. */
export type EntryInvoiced = { realmId: string; invoiceId: string; label: string; at: string };

/** How an entry stands against the issue's invoices. */
export type EntryBilling = {
  invoiced?: EntryInvoiced;
  /** Changed since it was invoiced, and the invoice can still change: "Update invoice" brings it in. */
  outOfDate?: boolean;
  /** Why it can no longer change: it is on a paid invoice. */
  lockedReason?: string;
};

/** The issue's current invoice in one company, as the entries stand against it. */
export type IssueInvoiceState = {
  realmId: string;
  invoiceId: string;
  label: string;
  status?: InvoiceStatus;
  /** Entries were added, changed or removed since the invoice was last written. */
  outOfDate: boolean;
  /** The invoice is paid and there is billable work not on any paid invoice: it goes on a new invoice. */
  newWorkToInvoice: boolean;
};

const billedOn = (record: IssueInvoiceRecord, entryId: string) =>
  record.status !== 'voided' && record.entries?.[entryId] !== undefined;

export const lockedReasonOf = (record: IssueInvoiceRecord) =>
  `On paid invoice ${invoiceLabel(record)}: it can no longer change. Log new work as a new entry.`;

/** The paid invoice an entry is on, if any: such an entry is locked. */
export const paidInvoiceOf = (records: readonly IssueInvoiceRecord[], entryId: string, realmId?: string) =>
  records.find(
    (record) =>
      record.status === 'paid' && billedOn(record, entryId) && (!realmId || record.realmId === realmId),
  );

export const entryBillingOf = (records: readonly IssueInvoiceRecord[], entry: EntryVersion): EntryBilling => {
  const on = records
    .filter((record) => billedOn(record, entry.id))
    .sort((a, b) => (a.syncedAt ?? a.createdAt).localeCompare(b.syncedAt ?? b.createdAt));
  const latest = on.at(-1);
  if (!latest) return {};
  const paid = paidInvoiceOf(records, entry.id);
  const invoiced: EntryInvoiced = {
    realmId: latest.realmId,
    invoiceId: latest.invoiceId,
    label: invoiceLabel(latest),
    at: latest.syncedAt ?? latest.createdAt,
  };
  if (paid) return { invoiced, lockedReason: lockedReasonOf(paid) };
  const changed = latest.entries?.[entry.id] !== entry.version || !entry.billable;
  return changed ? { invoiced, outOfDate: true } : { invoiced };
};

/** The entries an invoice in `realmId` bills: billable ones not already on a paid invoice of that company. */
export const entriesToInvoice = <Entry extends EntryVersion>(
  entries: readonly Entry[],
  records: readonly IssueInvoiceRecord[],
  realmId: string,
): Entry[] => entries.filter((entry) => entry.billable && !paidInvoiceOf(records, entry.id, realmId));

/** Per company the issue has an invoice in: how its current invoice stands against the entries. */
export const issueInvoiceStates = (
  issue: Pick<Issue, 'qboInvoices'>,
  records: readonly IssueInvoiceRecord[],
  entries: readonly EntryVersion[],
): IssueInvoiceState[] =>
  Object.entries(issue.qboInvoices ?? {}).flatMap(([realmId, link]): IssueInvoiceState[] => {
    const record = records.find((r) => r.realmId === realmId && r.invoiceId === link.invoiceId);
    if (!record) return [];
    const toInvoice = entriesToInvoice(entries, records, realmId);
    const billed = record.entries ?? {};
    const state = {
      realmId,
      invoiceId: record.invoiceId,
      label: invoiceLabel(record),
      status: record.status,
    };
    if (record.status === 'paid' || record.status === 'voided')
      return [{ ...state, outOfDate: false, newWorkToInvoice: toInvoice.length > 0 }];
    const current = new Map(toInvoice.map((entry) => [entry.id, entry.version]));
    const outOfDate =
      toInvoice.some((entry) => billed[entry.id] !== entry.version) ||
      Object.keys(billed).some((id) => !current.has(id));
    return [{ ...state, outOfDate, newWorkToInvoice: false }];
  });
