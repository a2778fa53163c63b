import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from '../db/table';
import { userKey } from '../keys';
import type { QboCustomerLink, User } from '../users/user';
import { getUser, updateUserAttributes } from '../users/user-repository';

/**
 * Takes the user's QBO sync lock (a lease), so two syncs of one user (a double click, two staff)
 * never both create a customer. Returns false while someone else holds a live lease.
 */
export const acquireCustomerSyncLock = async (
  table: Table,
  userId: string,
  lease: { holder: string; until: Date; now: Date },
): Promise<boolean> => {
  try {
    await updateUserAttributes(table, userId, {
      expression: 'SET qboSyncLock = :lease',
      condition: 'attribute_not_exists(qboSyncLock) OR qboSyncLock.#until < :now',
      names: { '#until': 'until' },
      values: {
        ':lease': { holder: lease.holder, until: lease.until.toISOString() },
        ':now': lease.now.toISOString(),
      },
    });
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export const releaseCustomerSyncLock = async (
  table: Table,
  userId: string,
  holder: string,
): Promise<void> => {
  try {
    await updateUserAttributes(table, userId, {
      expression: 'REMOVE qboSyncLock',
      condition: 'qboSyncLock.holder = :holder',
      values: { ':holder': holder },
    });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};

/** Waits until nobody holds the user's sync lock, then returns the user as that sync left it. */
export const waitForCustomerSyncLock = async (
  table: Table,
  userId: string,
  now: () => Date,
  timeoutMs = 20_000,
): Promise<User | undefined> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { Item } = await table.doc.send(
      new GetCommand({ TableName: table.name, Key: userKey(userId), ConsistentRead: true }),
    );
    const lock = Item?.qboSyncLock as { until: string } | undefined;
    if (!lock || Date.parse(lock.until) < now().getTime())
      return getUser(table, userId, { consistent: true });
  }
  return undefined;
};

/** Stores the link for one realm beside any links the user has in other QBO companies. */
export const saveCustomerLink = async (
  table: Table,
  userId: string,
  link: QboCustomerLink,
): Promise<User> => {
  try {
    return await updateUserAttributes(table, userId, {
      expression: 'SET qboCustomers.#realm = :link',
      condition: 'attribute_exists(qboCustomers)',
      names: { '#realm': link.realmId },
      values: { ':link': link },
    });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return updateUserAttributes(table, userId, {
      expression: 'SET qboCustomers = :links',
      condition: 'attribute_not_exists(qboCustomers)',
      values: { ':links': { [link.realmId]: link } },
    });
  }
};
