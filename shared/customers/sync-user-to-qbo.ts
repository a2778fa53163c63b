import { failureOf } from '../audit/audit-event';
import { NotFoundError } from '../errors';
import type { TimeBudget } from '../platform/time-budget';
import { customerUrl } from '../qbo/intuit-endpoints';
import { type QboApiDeps, type QboSession, qboSessionFor, requestIdFor } from '../qbo/qbo-api-client';
import type { QboConnection } from '../qbo/qbo-connection';
import { assertQboToggleOn, FAULT, QboFaultError } from '../qbo/qbo-errors';
import type { Settings } from '../settings/settings';
import { syncFailedIn } from '../sync-health/sync-health-items';
import type { QboCustomerLink, User } from '../users/user';
import { type AuditInput, completeCustomerLease, takeCustomerLease } from './customer-lease';
import { customerFieldsOf, displayNameCandidates, type QboCustomer } from './qbo-customer';
import {
  type CustomerDirectory,
  createCustomer,
  liveCustomerDirectory,
  readCustomer,
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

const MESSAGES: Record<CustomerSyncOutcome, string> = {
  created: 'Created a new customer in QuickBooks',
  updated: 'Updated the customer in QuickBooks',
  linked: 'Linked to the existing QuickBooks customer with the same email or name, and updated it',
  reactivated: 'The customer had been made inactive in QuickBooks; it is active again and up to date',
  relinked: 'The linked customer no longer exists in QuickBooks; linked to a matching customer instead',
  recreated: 'The linked customer no longer exists in QuickBooks; created a new one',
};

export type Synced = { customer: QboCustomer; outcome: CustomerSyncOutcome };

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

const sameText = (left: string | undefined, right: string | undefined) => (left ?? '') === (right ?? '');

/** Whether the matched customer already says what the user would write (then linking writes nothing). */
const alreadyMirrors = (customer: QboCustomer, user: User): boolean => {
  const fields = customerFieldsOf(user);
  const address = (value: Record<string, string> | undefined) => JSON.stringify(value ?? {});
  const billAddr = customer.BillAddr && { ...customer.BillAddr };
  if (billAddr) delete billAddr.Id;
  return (
    customer.Active !== false &&
    displayNameCandidates(user).includes(customer.DisplayName) &&
    sameText(customer.GivenName, fields.GivenName) &&
    sameText(customer.FamilyName, fields.FamilyName) &&
    sameText(customer.CompanyName, fields.CompanyName) &&
    sameText(customer.PrimaryEmailAddr?.Address, fields.PrimaryEmailAddr?.Address) &&
    sameText(customer.PrimaryPhone?.FreeFormNumber, fields.PrimaryPhone?.FreeFormNumber) &&
    address(billAddr) === address(fields.BillAddr)
  );
};

const matchOrCreate = async (
  qbo: QboSession,
  directory: CustomerDirectory,
  user: User,
  brokenLink?: QboCustomerLink,
): Promise<Synced> => {
  const match =
    (await directory.byEmail(user.email)) ??
    (await directory.byDisplayName(displayNameCandidates(user)[0] ?? user.name));
  if (!match) {
    const seed = `customer:${user.id}:${qbo.realmId}:${brokenLink?.customerId ?? 'new'}`;
    return createWithFreeName(qbo, user, seed, brokenLink ? 'recreated' : 'created');
  }
  const customer = alreadyMirrors(match, user)
    ? match
    : await updateWithFreeName(qbo, user, match, match.Active === false ? { Active: true } : {});
  return { customer, outcome: brokenLink ? 'relinked' : 'linked' };
};

const syncLinked = async (
  qbo: QboSession,
  directory: CustomerDirectory,
  user: User,
  link: QboCustomerLink,
): Promise<Synced> => {
  let customer: QboCustomer;
  try {
    customer = await updateWithFreeName(qbo, user, {
      Id: link.customerId,
      SyncToken: link.syncToken,
      DisplayName: link.displayName,
    });
  } catch (error) {
    if (error instanceof QboFaultError && error.hasCode(FAULT.objectNotFound))
      return matchOrCreate(qbo, directory, user, link);
    throw error;
  }
  const reactivated = await reactivateIfInactive(qbo, customer);
  return reactivated ? { customer: reactivated, outcome: 'reactivated' } : { customer, outcome: 'updated' };
};

export const toCustomerSyncResult = (
  qbo: QboSession,
  user: User,
  link: QboCustomerLink,
): CustomerSyncResult => {
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

/** The QuickBooks side of a sync, under the customer's lease: match before create, or update the link. */
export const writeCustomer = async (
  qbo: QboSession,
  user: User,
  directory: CustomerDirectory = liveCustomerDirectory(qbo),
): Promise<Synced> => {
  const link = user.qboCustomers?.[qbo.realmId];
  return link ? syncLinked(qbo, directory, user, link) : matchOrCreate(qbo, directory, user);
};

export const customerLinkOf = (qbo: QboSession, synced: Synced, now: Date): QboCustomerLink => ({
  realmId: qbo.realmId,
  customerId: synced.customer.Id,
  syncToken: synced.customer.SyncToken,
  displayName: synced.customer.DisplayName,
  syncedAt: now.toISOString(),
  outcome: synced.outcome,
});

/** The audit entries of a customer sync, read back as the user's sync history. */
export const customerSyncAudit = {
  succeeded: (actor: User, user: User, result: CustomerSyncResult): AuditInput => ({
    subject: customerSyncSubject(user.id),
    actorId: actor.id,
    action: 'qbo.customer.synced',
    details: {
      realmId: result.realmId,
      customerId: result.customerId,
      outcome: result.outcome,
      displayName: result.displayName,
    },
  }),
  failed: (actor: User, user: User, realmId: string, error: unknown): AuditInput => ({
    subject: customerSyncSubject(user.id),
    actorId: actor.id,
    action: 'qbo.customer.sync_failed',
    details: { realmId, error: failureOf(error) },
  }),
};

/**
 * POST /api/users/{id}/qbo-sync: creates or updates the user as a customer in the viewer's QBO
 * company (DESIGN §5): match before create, unique DisplayName, sparse updates with the SyncToken.
 * Lease → QBO → one transaction (link, audit, release). A sync that waited on another one started
 * no earlier returns that one's result. Every sync is audited.
 */
export const syncUserToQbo = async (
  deps: SyncUserDeps,
  input: {
    actor: User;
    userId: string;
    settings: Settings;
    connection: QboConnection | undefined;
    budget: TimeBudget;
    /** Bulk sync's session (batched, paced) and the matches it looked up for many users at once. */
    bulk?: { qbo: QboSession; directory: CustomerDirectory };
  },
): Promise<CustomerSyncResult> => {
  assertQboToggleOn(input.settings, 'syncUser');
  const qbo = input.bulk?.qbo ?? qboSessionFor(deps, input.connection, input.budget);
  const requestedAt = deps.now().toISOString();
  const taken = await takeCustomerLease(deps, {
    userId: input.userId,
    budget: input.budget,
    reuse: async (user) => {
      const link = user.qboCustomers?.[qbo.realmId];
      return link && link.syncedAt >= requestedAt ? toCustomerSyncResult(qbo, user, link) : undefined;
    },
  });
  if (!taken) throw new NotFoundError('User');
  if ('reused' in taken) return taken.reused;
  const { user } = taken;
  let result: CustomerSyncResult;
  let link: QboCustomerLink;
  try {
    link = customerLinkOf(qbo, await writeCustomer(qbo, user, input.bulk?.directory), deps.now());
    result = toCustomerSyncResult(qbo, user, link);
  } catch (error) {
    await completeCustomerLease(deps, taken, {
      audit: [customerSyncAudit.failed(input.actor, user, qbo.realmId, error)],
      health: syncFailedIn(qbo, {
        kind: 'customer',
        subjectId: user.id,
        actor: input.actor,
        error,
        now: deps.now(),
      }),
    });
    throw error;
  }
  // The new link clears the user's last failure with this company (completeCustomerLease).
  await completeCustomerLease(deps, taken, {
    link,
    audit: [customerSyncAudit.succeeded(input.actor, user, result)],
  });
  return result;
};
