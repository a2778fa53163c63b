import type { EntryBilling } from '../invoices/issue-invoice-record';
import { formatCents } from '../invoices/money';
import { entryAmountCents } from './entry-amount';

export const ENTRY_KINDS = ['time', 'part'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

type EntryCommon = {
  /** A ULID (shared/ulid.ts), so the issue's entries read back in the order they were made. */
  id: string;
  issueId: number;
  catalogId: string;
  /** YYYY-MM-DD: the day the work was done or the part used. */
  date: string;
  description: string;
  billable: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
};
export type TimeEntry = EntryCommon & {
  kind: 'time';
  minutes: number;
  /** Per hour. */
  rateCents: number;
  /** Who did the work: a staff or admin user. */
  workedBy: string;
};
export type PartEntry = EntryCommon & { kind: 'part'; quantityHundredths: number; unitPriceCents: number };
export type BillableEntry = TimeEntry | PartEntry;

export type BillableEntryView = {
  id: string;
  kind: EntryKind;
  catalogId: string;
  catalogName: string;
  date: string;
  minutes?: number;
  quantity?: string;
  rate?: string;
  unitPrice?: string;
  amount: string;
  description: string;
  billable: boolean;
  workedBy?: { id: string; name: string };
  version: number;
} & EntryBilling;

/** The names an entry's view shows beside its ids. */
export type EntryNames = { catalogName: (catalogId: string) => string; userName: (userId: string) => string };

/** `billing`: how the entry stands against the issue's invoices (issue-invoice-record.ts). */
export const toEntryView = (
  entry: BillableEntry,
  names: EntryNames,
  billing: EntryBilling = {},
): BillableEntryView => ({
  id: entry.id,
  kind: entry.kind,
  catalogId: entry.catalogId,
  catalogName: names.catalogName(entry.catalogId),
  date: entry.date,
  ...(entry.kind === 'time'
    ? { minutes: entry.minutes, rate: formatCents(entry.rateCents) }
    : // Hundredths of a unit print like cents: 150 → "1.50".
      { quantity: formatCents(entry.quantityHundredths), unitPrice: formatCents(entry.unitPriceCents) }),
  amount: formatCents(entryAmountCents(entry)),
  description: entry.description,
  billable: entry.billable,
  ...(entry.kind === 'time'
    ? { workedBy: { id: entry.workedBy, name: names.userName(entry.workedBy) } }
    : {}),
  ...billing,
  version: entry.version,
});

// The request schemas live apart (billable-entry-input.ts), so only the write routes load them.
export type {
  CreateBillableEntryInput,
  CreatePartEntrySchema,
  CreateTimeEntrySchema,
  UpdateBillableEntryInput,
  UpdateBillableEntrySchema,
} from './billable-entry-input';
