import { acquireLease, releaseLease, waitForLease } from '../db/lease';
import { setMapEntry } from '../db/map-entry';
import type { Table } from '../db/table';
import { userKey } from '../keys';
import type { QboCustomerLink } from '../users/user';
import { getUser } from '../users/user-repository';

const LOCK_ATTRIBUTE = 'qboSyncLock';

/**
 * Takes the user's QBO sync lock, so two syncs of one user (a double click, two staff) never both
 * create a customer. Returns false while someone else holds a live lock.
 */
export const acquireCustomerSyncLock = (
  table: Table,
  userId: string,
  lease: { holder: string; until: Date; now: Date },
) => acquireLease(table, userKey(userId), LOCK_ATTRIBUTE, lease);

export const releaseCustomerSyncLock = (table: Table, userId: string, holder: string) =>
  releaseLease(table, userKey(userId), LOCK_ATTRIBUTE, holder);

/** Waits until nobody holds the user's sync lock, then returns the user as that sync left it. */
export const waitForCustomerSyncLock = async (table: Table, userId: string, now: () => Date) =>
  (await waitForLease(table, userKey(userId), LOCK_ATTRIBUTE, now))
    ? getUser(table, userId, { consistent: true })
    : undefined;

/** Stores the link for one realm beside any links the user has in other QBO companies. */
export const saveCustomerLink = async (
  table: Table,
  userId: string,
  link: QboCustomerLink,
): Promise<void> => {
  await setMapEntry(table, userKey(userId), 'qboCustomers', link.realmId, link);
};
