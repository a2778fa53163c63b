import { auditEventItem } from '../audit/write-audit-event';
import { customerPointerPut, unlinkedCustomerPointerPut } from '../customers/customer-lease';
import { customerSyncSubject } from '../customers/sync-user-to-qbo';
import { getItems } from '../db/batch-get';
import type { TransactItem } from '../db/lease';
import type { Table } from '../db/table';
import { failedConditions, transact } from '../db/transact';
import { keyId, qboCustomerPointerKey, userKey } from '../keys';
import type { QboCustomerLink } from '../users/user';
import { QUICKBOOKS_ACTOR } from './follow-invoices';

export type QboCustomerRead = { Id: string; SyncToken: string; DisplayName: string; Active?: boolean };

/** What happened to a customer in QuickBooks that the users linked to it must follow. */
export type CustomerFate =
  | { kind: 'merged'; customerId: string; into: QboCustomerRead }
  | { kind: 'inactive'; customerId: string };

// The link moves only if it still names the customer: a sync since then knows better.
const linkUpdate = (
  table: Table,
  input: { userId: string; realmId: string; customerId: string },
  set?: QboCustomerLink,
): TransactItem => ({
  Update: {
    TableName: table.name,
    Key: userKey(input.userId),
    UpdateExpression: set ? 'SET #links.#realm = :link' : 'REMOVE #links.#realm',
    ConditionExpression: '#links.#realm.#customerId = :customerId',
    ExpressionAttributeNames: {
      '#links': 'qboCustomers',
      '#realm': input.realmId,
      '#customerId': 'customerId',
    },
    ExpressionAttributeValues: { ':customerId': input.customerId, ...(set ? { ':link': set } : {}) },
  },
});

/**
 * Users follow their customer: merged into another customer, their link points at that one; made
 * inactive (QuickBooks' way of deleting a customer), the link is dropped, so the next sync matches
 * or creates them again. Each with a line in the user's sync history.
 */
export const followCustomers = async (
  deps: { table: Table; now: () => Date },
  realmId: string,
  fates: readonly CustomerFate[],
): Promise<number> => {
  const pointers = await getItems(
    deps.table,
    fates.map((fate) => qboCustomerPointerKey(realmId, fate.customerId)),
  );
  let followed = 0;
  for (const fate of fates) {
    const pointer = pointers.get(keyId(qboCustomerPointerKey(realmId, fate.customerId)));
    if (typeof pointer?.userId !== 'string') continue;
    const target = { userId: pointer.userId, realmId, customerId: fate.customerId };
    const link =
      fate.kind === 'merged'
        ? {
            realmId,
            customerId: fate.into.Id,
            syncToken: fate.into.SyncToken,
            displayName: fate.into.DisplayName,
            syncedAt: deps.now().toISOString(),
            outcome: 'merged',
          }
        : undefined;
    try {
      await transact(deps.table, [
        linkUpdate(deps.table, target, link),
        // The customer left behind is no longer one of the company's synced customers.
        ...(link?.customerId === target.customerId
          ? []
          : [unlinkedCustomerPointerPut(deps.table, target.userId, target)]),
        ...(link ? [customerPointerPut(deps.table, target.userId, link)] : []),
        auditEventItem(deps, {
          subject: customerSyncSubject(target.userId),
          actorId: QUICKBOOKS_ACTOR,
          action: fate.kind === 'merged' ? 'qbo.customer.merged' : 'qbo.customer.deactivated',
          details: {
            realmId,
            customerId: fate.customerId,
            ...(link
              ? { into: link.customerId, message: `Merged into “${link.displayName}” in QuickBooks` }
              : {
                  message: 'Made inactive in QuickBooks: the next sync finds or creates the customer again',
                }),
          },
        }),
      ]);
      followed += 1;
    } catch (error) {
      // The user was synced to another customer since: nothing to follow.
      if (!failedConditions(error).includes(0)) throw error;
    }
  }
  return followed;
};
