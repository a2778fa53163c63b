// Pure rules behind the billing panels (Billable work, the issue's invoice, Settings → Billing), kept
// apart from the components so they can be unit tested.
import type {
  BillingState,
  CatalogItem,
  Issue,
  IssueEntries,
  QboInvoice,
  QboItem,
  StoredInvoice,
} from '../api/types';
import { labels } from '../labels';
import { invoiceButtonLabel } from './qbo';

const comparable = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

/**
 * The QuickBooks item an unmapped catalogue entry most likely means: the one named as the entry's
 * `qboItemName` (the old "Invoice item" setting), else as the entry itself, ignoring case and spacing.
 */
export const suggestedQboItem = (
  entry: Pick<CatalogItem, 'name' | 'qboItemName'>,
  items: readonly QboItem[],
): QboItem | undefined => {
  for (const wanted of [entry.qboItemName, entry.name]) {
    if (!wanted?.trim()) continue;
    const found = items.find((item) => comparable(item.name) === comparable(wanted));
    if (found) return found;
  }
  return undefined;
};

/** Someone who can have done the work: a staff member or an admin. */
export type Worker = { id: string; name: string };

/**
 * Who can be picked as having done the work: the staff list, plus anyone who must stay pickable though
 * the list lacks them (the signed-in user, the entry's current worker), once each, by name.
 */
export const workerChoices = (staff: readonly Worker[], ...keep: (Worker | undefined)[]): Worker[] => {
  const byId = new Map<string, Worker>();
  for (const user of [...staff, ...keep]) if (user && !byId.has(user.id)) byId.set(user.id, user);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
};

/** What the issue's invoice section offers in the viewer's company. */
export type InvoiceAction =
  | { kind: 'create' | 'update'; outOfDate: boolean }
  /** Nothing to write: the sentence says why. */
  | { kind: 'none'; reason: string };

/**
 * "Create invoice" or "Update invoice" (marked "Invoice out of date" when the entries moved on since),
 * from how the entries stand against the company's current invoice. A paid or voided invoice is never
 * written again: new work goes on a new invoice, and with none there is nothing to press.
 * Without that state (not loaded yet, or an invoice made before billable work) the issue's link decides.
 */
export const invoiceAction = (
  issue: Pick<Issue, 'qboInvoices'>,
  realmId: string,
  states: IssueEntries['invoices'] | undefined,
  createdHere = false,
): InvoiceAction => {
  const state = states?.find((candidate) => candidate.realmId === realmId);
  if (!state) {
    const update = invoiceButtonLabel(issue, realmId, createdHere) === labels.qbo.updateInvoice;
    return { kind: update ? 'update' : 'create', outOfDate: false };
  }
  if (state.status === 'paid' || state.status === 'voided') {
    if (state.newWorkToInvoice) return { kind: 'create', outOfDate: false };
    const reason = state.status === 'paid' ? labels.qbo.invoicePaidNoWork : labels.qbo.invoiceVoidedNoWork;
    return { kind: 'none', reason: reason(state.label) };
  }
  return { kind: 'update', outOfDate: state.outOfDate };
};

/**
 * Whether QuickBooks shows the company's current invoice in another status than Deskbooks had recorded
 * (paid, voided, deleted): listing the invoices records what it saw, so the entries are read again to
 * show what that changed (locked entries, "Create invoice" for new work).
 */
export const invoiceStateBehind = (
  states: IssueEntries['invoices'] | undefined,
  realmId: string,
  live: readonly QboInvoice[] | undefined,
): boolean => {
  const state = states?.find((candidate) => candidate.realmId === realmId);
  if (!state || !live) return false;
  // An invoice deleted in QuickBooks is missing from the list, and recorded as voided.
  const seen = live.find((invoice) => invoice.id === state.invoiceId)?.status ?? 'voided';
  return seen !== state.status;
};

/** Every "Billing" state, in the order the filters offer them. */
export const BILLING_STATES = Object.keys(labels.billingStates) as BillingState[];

/** What an invoice itself can be in (the Invoices page's "Status"): everything but "Not invoiced". */
export const INVOICE_STATES = BILLING_STATES.filter(
  (state): state is Exclude<BillingState, 'not_invoiced'> => state !== 'not_invoiced',
);

/**
 * The stored invoices of the viewer's company, and when the oldest of them was read from QuickBooks:
 * "as of" that time, none of them is older.
 */
export const storedInvoicesIn = (
  stored: readonly StoredInvoice[] | undefined,
  realmId: string,
): { invoices: StoredInvoice[]; asOf: string | undefined } => {
  const invoices = (stored ?? []).filter((invoice) => invoice.realmId === realmId);
  const seen = invoices.flatMap((invoice) => (invoice.seenAt ? [invoice.seenAt] : [])).sort();
  return { invoices, asOf: seen[0] };
};
