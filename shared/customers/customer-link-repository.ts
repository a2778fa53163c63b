import { setMapEntry } from '../db/map-entry';
import type { Table } from '../db/table';
import { userKey } from '../keys';
import type { QboCustomerLink } from '../users/user';

/** The user item's attribute that holds the lease of a sync in progress (see runUnderLease). */
export const CUSTOMER_SYNC_LEASE = 'qboSyncLock';

/** Stores the link for one realm beside any links the user has in other QBO companies. */
export const saveCustomerLink = async (
  table: Table,
  userId: string,
  link: QboCustomerLink,
): Promise<void> => {
  await setMapEntry(table, userKey(userId), 'qboCustomers', link.realmId, link);
};
