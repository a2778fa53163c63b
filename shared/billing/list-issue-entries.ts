import { getItems } from '../db/batch-get';
import type { Table } from '../db/table';
import {
  entryBillingOf,
  type IssueInvoiceRecord,
  type IssueInvoiceState,
  issueInvoiceStates,
} from '../invoices/issue-invoice-record';
import { formatCents } from '../invoices/money';
import { companyToday } from '../invoices/qbo-invoice';
import { type StoredInvoiceView, storedInvoiceOf } from '../invoices/stored-invoice';
import { visibleIssue } from '../issues/get-issue-view';
import type { Issue } from '../issues/issue';
import { catalogItemKey, keyId, userKey } from '../keys';
import type { User } from '../users/user';
import { type BillableEntry, type BillableEntryView, type EntryNames, toEntryView } from './billable-entry';
import { entryAmountCents } from './entry-amount';
import { readIssueWork } from './entry-repository';

export type IssueEntries = {
  items: BillableEntryView[];
  /** Billable entries only: all of them, those on an invoice, and those still to invoice. */
  totals: { billable: string; invoiced: string; notInvoiced: string };
  /** Per company the issue has an invoice in: its current invoice, and whether the entries moved on since. */
  invoices: IssueInvoiceState[];
  /** Every invoice of the issue as Deskbooks last saw it in QuickBooks, oldest first. */
  storedInvoices: StoredIssueInvoice[];
};

export type StoredIssueInvoice = StoredInvoiceView;

/** The catalogue entries' and workers' names of a list, in one BatchGetItem (per 100). */
const namesOf = async (table: Table, entries: BillableEntry[]): Promise<EntryNames> => {
  const catalogIds = [...new Set(entries.map((entry) => entry.catalogId))];
  const userIds = [...new Set(entries.flatMap((entry) => (entry.kind === 'time' ? [entry.workedBy] : [])))];
  const found = await getItems(table, [...catalogIds.map(catalogItemKey), ...userIds.map(userKey)]);
  const nameAt = (key: { PK: string; SK: string }) => {
    const name = found.get(keyId(key))?.name;
    return typeof name === 'string' ? name : '';
  };
  return {
    catalogName: (catalogId) => nameAt(catalogItemKey(catalogId)),
    userName: (userId) => nameAt(userKey(userId)),
  };
};

const totalsOf = (entries: BillableEntry[], records: IssueInvoiceRecord[]): IssueEntries['totals'] => {
  let billable = 0n;
  let invoiced = 0n;
  for (const entry of entries) {
    if (!entry.billable) continue;
    const amount = BigInt(entryAmountCents(entry));
    billable += amount;
    if (entryBillingOf(records, entry).invoiced) invoiced += amount;
  }
  return {
    billable: formatCents(billable),
    invoiced: formatCents(invoiced),
    notInvoiced: formatCents(billable - invoiced),
  };
};

/** The issue's billable work for the issue page; customers see it only on issues they requested. */
export const listIssueEntries = async (
  deps: { table: Table; now: () => Date },
  input: { actor: User; issue: Issue | undefined },
): Promise<IssueEntries> => {
  const issue = visibleIssue(input.actor, input.issue);
  const { entries, invoices: records } = await readIssueWork(deps.table, issue.id);
  const names = await namesOf(deps.table, entries);
  return {
    items: entries.map((entry) => toEntryView(entry, names, entryBillingOf(records, entry))),
    totals: totalsOf(entries, records),
    invoices: issueInvoiceStates(issue, records, entries),
    storedInvoices: records
      .filter((record) => record.status)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((record) => storedInvoiceOf(record, companyToday(deps.now()))),
  };
};
