import { audited } from '../audit/audited';
import { runUnderLease } from '../db/lease';
import { NotFoundError } from '../errors';
import { userKey } from '../keys';
import { customerUrl } from '../qbo/intuit-endpoints';
import { openQboSession, type QboApiDeps, type QboSession } from '../qbo/qbo-api-client';
import { assertQboToggleOn, FAULT, QboFaultError } from '../qbo/qbo-errors';
import type { Settings } from '../settings/settings';
import type { QboCustomerLink, User } from '../users/user';
import { getUser } from '../users/user-repository';
import { CUSTOMER_SYNC_LEASE, saveCustomerLink } from './customer-link-repository';
import { customerFieldsOf, displayNameCandidates, type QboCustomer } from './qbo-customer';
import {
  createCustomer,
  findCustomerByDisplayName,
  findCustomerByEmail,
  readCustomer,
  requestIdFor,
  updateCustomer,
} from './qbo-customer-api';

export type CustomerSyncOutcome =
  | 'created' // no customer matched: a new one was made
  | 'updated' // the linked customer was brought up to date
  | 'linked' // an existing customer with the same email or name was linked, then updated
  | 'reactivated' // the linked customer had been made inactive in QBO: it is active again
  | 'relinked' // the linked customer was gone from QBO: another match was linked instead
  | 'recreated'; // the linked customer was gone from QBO and nothing matched: a new one was made

export type CustomerSyncResult = {
  customerId: string;
  realmId: string;
  customerUrl: string;
  created: boolean;
  outcome: CustomerSyncOutcome;
  displayName: string;
  displayNameAdjusted: boolean;
  message: string;
  syncedAt: string;
};

export type SyncUserDeps = QboApiDeps;

export const customerSyncSubject = (userId: string) => `qbo-customer:${userId}`;

const LOCK_MS = 15_000;

const MESSAGES: Record<CustomerSyncOutcome, string> = {
  created: 'Created a new customer in QuickBooks',
  updated: 'Updated the customer in QuickBooks',
  linked: 'Linked to the existing QuickBooks customer with the same email or name, and updated it',
  reactivated: 'The customer had been made inactive in QuickBooks; it is active again and up to date',
  relinked: 'The linked customer no longer exists in QuickBooks; linked to a matching customer instead',
  recreated: 'The linked customer no longer exists in QuickBooks; created a new one',
};

type Synced = { customer: QboCustomer; outcome: CustomerSyncOutcome };

/** Creates the customer under the first DisplayName nobody in QBO has (customers, vendors, employees). */
const createWithFreeName = async (
  qbo: QboSession,
  user: User,
  seed: string,
  outcome: CustomerSyncOutcome,
): Promise<Synced> => {
  const candidates = displayNameCandidates(user);
  for (const [index, DisplayName] of candidates.entries()) {
    try {
      const customer = await createCustomer(
        qbo,
        { ...customerFieldsOf(user), DisplayName },
        requestIdFor(`${seed}:${index}`),
      );
      return { customer, outcome };
    } catch (error) {
      const last = index === candidates.length - 1;
      if (last || !(error instanceof QboFaultError && error.hasCode(FAULT.duplicateName))) throw error;
    }
  }
  throw new Error('unreachable');
};

/** A sparse update that keeps a taken name out of the way: it tries the next DisplayName on a clash. */
const updateWithFreeName = async (
  qbo: QboSession,
  user: User,
  current: Pick<QboCustomer, 'Id' | 'SyncToken' | 'DisplayName'>,
  extra: Partial<QboCustomer> = {},
): Promise<QboCustomer> => {
  const candidates = displayNameCandidates(user);
  // A name this sync chose earlier (one of the variants) stays, so names do not flip between syncs.
  const start = Math.max(0, candidates.indexOf(current.DisplayName));
  let target = current;
  for (let index = start; index < candidates.length; index += 1) {
    try {
      return await updateCustomer(qbo, target, {
        ...customerFieldsOf(user),
        ...extra,
        DisplayName: candidates[index],
      });
    } catch (error) {
      if (!(error instanceof QboFaultError)) throw error;
      if (error.hasCode(FAULT.staleObject) && target === current) {
        // Someone edited the customer in QBO since our last sync: take the current SyncToken, try once more.
        target = await readCustomer(qbo, current.Id);
        index -= 1;
        continue;
      }
      if (!error.hasCode(FAULT.duplicateName) || index === candidates.length - 1) throw error;
    }
  }
  throw new Error('unreachable');
};

const reactivateIfInactive = async (
  qbo: QboSession,
  customer: QboCustomer,
): Promise<QboCustomer | undefined> =>
  customer.Active === false ? updateCustomer(qbo, customer, { Active: true }) : undefined;

const matchOrCreate = async (qbo: QboSession, user: User, brokenLink?: QboCustomerLink): Promise<Synced> => {
  const match =
    (await findCustomerByEmail(qbo, user.email)) ??
    (await findCustomerByDisplayName(qbo, displayNameCandidates(user)[0] ?? user.name));
  if (!match) {
    const seed = `customer:${user.id}:${qbo.realmId}:${brokenLink?.customerId ?? 'new'}`;
    return createWithFreeName(qbo, user, seed, brokenLink ? 'recreated' : 'created');
  }
  const customer = await updateWithFreeName(qbo, user, match, match.Active === false ? { Active: true } : {});
  return { customer, outcome: brokenLink ? 'relinked' : 'linked' };
};

const syncLinked = async (qbo: QboSession, user: User, link: QboCustomerLink): Promise<Synced> => {
  let customer: QboCustomer;
  try {
    customer = await updateWithFreeName(qbo, user, {
      Id: link.customerId,
      SyncToken: link.syncToken,
      DisplayName: link.displayName,
    });
  } catch (error) {
    if (error instanceof QboFaultError && error.hasCode(FAULT.objectNotFound))
      return matchOrCreate(qbo, user, link);
    throw error;
  }
  const reactivated = await reactivateIfInactive(qbo, customer);
  return reactivated ? { customer: reactivated, outcome: 'reactivated' } : { customer, outcome: 'updated' };
};

const toResult = (qbo: QboSession, user: User, link: QboCustomerLink): CustomerSyncResult => {
  const outcome = (link.outcome ?? 'updated') as CustomerSyncOutcome;
  const displayNameAdjusted = link.displayName !== displayNameCandidates(user)[0];
  return {
    customerId: link.customerId,
    realmId: link.realmId,
    customerUrl: customerUrl(qbo.endpoints, link.customerId),
    created: outcome === 'created' || outcome === 'recreated',
    outcome,
    displayName: link.displayName,
    displayNameAdjusted,
    message: `${MESSAGES[outcome]}${displayNameAdjusted ? ` as “${link.displayName}” (the name was already taken in QuickBooks)` : ''}.`,
    syncedAt: link.syncedAt,
  };
};

const syncHoldingLock = async (deps: SyncUserDeps, qbo: QboSession, user: User): Promise<QboCustomerLink> => {
  const link = user.qboCustomers?.[qbo.realmId];
  const { customer, outcome } = link ? await syncLinked(qbo, user, link) : await matchOrCreate(qbo, user);
  const saved: QboCustomerLink = {
    realmId: qbo.realmId,
    customerId: customer.Id,
    syncToken: customer.SyncToken,
    displayName: customer.DisplayName,
    syncedAt: deps.now().toISOString(),
    outcome,
  };
  await saveCustomerLink(deps.table, user.id, saved);
  return saved;
};

/**
 * Creates or updates the user as a customer in the session's QBO company (DESIGN §5): match before
 * create, unique DisplayName, sparse updates with the SyncToken. One sync per user at a time; a sync
 * that waited on another one started no earlier returns that one's result. Every sync is audited.
 */
export const syncCustomer = async (
  deps: SyncUserDeps,
  input: { qbo: QboSession; actor: User; user: User },
): Promise<CustomerSyncResult> => {
  const { qbo, actor } = input;
  const userId = input.user.id;
  return runUnderLease({
    ...deps,
    key: userKey(userId),
    attribute: CUSTOMER_SYNC_LEASE,
    leaseMs: LOCK_MS,
    reuse: async (_item, requestedAt) => {
      const after = await getUser(deps.table, userId, { consistent: true });
      const link = after?.qboCustomers?.[qbo.realmId];
      return after && link && link.syncedAt >= requestedAt ? toResult(qbo, after, link) : undefined;
    },
    run: () =>
      audited(
        deps,
        {
          subject: customerSyncSubject(userId),
          actorId: actor.id,
          succeeded: 'qbo.customer.synced',
          failed: 'qbo.customer.sync_failed',
          details: { realmId: qbo.realmId },
        },
        async () => {
          const user = (await getUser(deps.table, userId, { consistent: true })) ?? input.user;
          return toResult(qbo, user, await syncHoldingLock(deps, qbo, user));
        },
        (result) => ({
          customerId: result.customerId,
          outcome: result.outcome,
          displayName: result.displayName,
        }),
      ),
  });
};

/** POST /api/users/{id}/qbo-sync: the toggle, the user, the viewer's connection, then the sync. */
export const syncUserToQbo = async (
  deps: SyncUserDeps,
  input: { actor: User; userId: string; settings: Settings },
): Promise<CustomerSyncResult> => {
  assertQboToggleOn(input.settings, 'syncUser');
  const user = await getUser(deps.table, input.userId);
  if (!user) throw new NotFoundError('User');
  const qbo = await openQboSession(deps, input.actor.id);
  return syncCustomer(deps, { qbo, actor: input.actor, user });
};
