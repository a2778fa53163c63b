import { isRecord } from '../http';
import { type Entity, findEntity, liveEntities, mergeEntity, type RealmState, saveEntity } from '../store';
import { refreshCustomerBalance } from './balances';
import { businessRuleError } from './faults';
import { requireLive } from './validation';

const belongsTo = (row: Entity, customerId: string) =>
  isRecord(row.CustomerRef) && String(row.CustomerRef.value) === customerId;

/**
 * Merges customer `fromId` into `intoId`, which only QuickBooks' own screens can do (the API has no
 * merge): the merged customer's invoices and payments move to the one kept, the merged customer no
 * longer exists, and the kept one reports a Merge naming the merged Id.
 */
export const mergeCustomers = (realm: RealmState, fromId: string, intoId: string, now: number): Entity => {
  const from = requireLive(realm, 'Customer', fromId);
  const into = requireLive(realm, 'Customer', intoId);
  if (from.Id === into.Id) throw businessRuleError('A customer cannot be merged into itself.');
  const ref = { value: into.Id, name: into.DisplayName };
  for (const kind of ['Invoice', 'Payment'] as const)
    for (const row of liveEntities(realm, kind).filter((candidate) => belongsTo(candidate, from.Id)))
      saveEntity(realm, kind, row, { ...row, CustomerRef: ref }, now);
  const merged = mergeEntity(realm, 'Customer', from, into, now);
  refreshCustomerBalance(realm, merged.Id);
  return findEntity(realm, 'Customer', merged.Id) ?? merged;
};
