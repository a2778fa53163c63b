import type { AuditEvent } from '../audit/audit-event';
import { auditEventItem } from '../audit/write-audit-event';
import {
  type HeldLease,
  type LeaseUpdate,
  releaseLeaseItem,
  type TransactItem,
  takeLease,
} from '../db/lease';
import { setMapEntry } from '../db/map-entry';
import type { Table } from '../db/table';
import { transact } from '../db/transact';
import { qboCustomerPointerKey, realmCustomerIndex, userKey } from '../keys';
import type { TimeBudget } from '../platform/time-budget';
import { QboBusyError } from '../qbo/qbo-errors';
import { type SyncHealthChange, syncHealthItems, syncSucceeded } from '../sync-health/sync-health-items';
import type { QboCustomerLink, User } from '../users/user';
import { userFromItem } from '../users/user-repository';

// Every QuickBooks write about one customer holds the lease on their user item: syncing them, and
// creating or updating the invoice of any issue they requested. So one customer is never created
// twice, and an invoice never races the sync of its own customer.

export type CustomerLeaseDeps = { table: Table; now: () => Date };
export type AuditInput = Omit<AuditEvent, 'id' | 'at'>;
export type CustomerLease = { lease: HeldLease; user: User };

/**
 * Takes the customer's lease, returning the user as stored now; after waiting out another holder,
 * `reuse` may answer from what it left. Undefined when there is no such user.
 */
export const takeCustomerLease = async <T>(
  deps: CustomerLeaseDeps,
  input: { userId: string; budget: TimeBudget; reuse: (user: User) => Promise<T | undefined> },
): Promise<CustomerLease | { reused: T } | undefined> => {
  const taken = await takeLease(
    {
      table: deps.table,
      now: deps.now,
      budget: input.budget,
      busy: () => new QboBusyError('This customer'),
    },
    userKey(input.userId),
    (item) => input.reuse(userFromItem(item)),
  );
  if (!taken || 'reused' in taken) return taken;
  return { lease: taken.lease, user: userFromItem(taken.lease.item) };
};

/** The customer link for one realm, set beside the links the user has in other QBO companies. */
const customerLinkUpdate = (user: User, link: QboCustomerLink): LeaseUpdate =>
  setMapEntry(user, 'qboCustomers', link.realmId, link);

/**
 * Which user a QuickBooks customer is, so a change QuickBooks reports of it finds them; while it is
 * the user's link it is counted among the company's synced customers (GSI1), by when it was synced.
 */
export const customerPointerPut = (table: Table, userId: string, link: QboCustomerLink): TransactItem => ({
  Put: {
    TableName: table.name,
    Item: {
      ...qboCustomerPointerKey(link.realmId, link.customerId),
      ...realmCustomerIndex(link.realmId, link.syncedAt, link.customerId),
      userId,
      realmId: link.realmId,
      syncedAt: link.syncedAt,
    },
  },
});

/** The pointer of a customer the user is no longer linked to: kept, no longer counted as synced. */
export const unlinkedCustomerPointerPut = (
  table: Table,
  userId: string,
  customer: { realmId: string; customerId: string },
): TransactItem => ({
  Put: {
    TableName: table.name,
    Item: {
      ...qboCustomerPointerKey(customer.realmId, customer.customerId),
      userId,
      realmId: customer.realmId,
    },
  },
});

/** The pointer items of a new link: the customer's, and the one it replaces (merged, relinked, recreated). */
const pointerItems = (table: Table, user: User, link: QboCustomerLink): TransactItem[] => {
  const before = user.qboCustomers?.[link.realmId];
  return [
    customerPointerPut(table, user.id, link),
    ...(before && before.customerId !== link.customerId
      ? [unlinkedCustomerPointerPut(table, user.id, before)]
      : []),
  ];
};

/**
 * Ends the lease in one transaction with what the work did: the customer's new link (with its
 * pointer; a new link is a successful customer sync, so it clears the customer's last failure with
 * that company), other items (the invoice), the audit entries, and what `health` says of
 * the syncs (a failure to keep for Retry, or another subject's success).
 */
export const completeCustomerLease = (
  deps: CustomerLeaseDeps,
  held: CustomerLease,
  change: {
    link?: QboCustomerLink;
    items?: TransactItem[];
    audit: AuditInput[];
    health?: SyncHealthChange[];
  },
): Promise<void> => {
  const { link } = change;
  const customer = link && { kind: 'customer' as const, subjectId: held.user.id, realmId: link.realmId };
  return transact(deps.table, [
    releaseLeaseItem(deps.table, held.lease, link && customerLinkUpdate(held.user, link)),
    ...(change.items ?? []),
    ...(link ? pointerItems(deps.table, held.user, link) : []),
    ...change.audit.map((entry) => auditEventItem(deps, entry)),
    ...syncHealthItems(deps.table, [...(customer ? syncSucceeded(customer) : []), ...(change.health ?? [])]),
  ]);
};
