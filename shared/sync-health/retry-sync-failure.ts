import { type CustomerSyncResult, syncUserToQbo } from '../customers/sync-user-to-qbo';
import { ConflictError, NotFoundError } from '../errors';
import {
  type CreateInvoiceDeps,
  type CreateInvoiceResult,
  createIssueInvoice,
} from '../invoices/create-issue-invoice';
import { getIssue } from '../issues/issue-repository';
import type { TimeBudget } from '../platform/time-budget';
import type { QboConnection } from '../qbo/qbo-connection';
import type { Settings } from '../settings/settings';
import type { User } from '../users/user';
import { failureScopeOf } from './list-sync-failures';
import type { SyncFailure, SyncSubject } from './sync-failure';
import { getSyncFailure } from './sync-failure-repository';

export type RetryResult = { retried: true; result: CustomerSyncResult | CreateInvoiceResult };

type RetryInput = {
  viewer: User;
  subject: SyncSubject;
  settings: Settings;
  connection: QboConnection | undefined;
  budget: TimeBudget;
};

/** The failure, if the viewer may act on it (admins any, staff their own); else it is not found for them. */
const findOwnSyncFailure = async (
  deps: { table: CreateInvoiceDeps['table'] },
  viewer: User,
  subject: SyncSubject,
): Promise<SyncFailure> => {
  const failure = await getSyncFailure(deps.table, subject);
  const { actorId } = failureScopeOf(viewer);
  if (!failure || (actorId && failure.actorId !== actorId)) throw new NotFoundError('Sync failure');
  return failure;
};

const otherCompany = (failure: SyncFailure, connection: QboConnection) =>
  new ConflictError(
    `This sync failed with ${failure.companyName ?? `the QuickBooks company ${failure.realmId}`}, and you are connected to ${connection.companyName}: connect to that company to retry it`,
    { realmId: failure.realmId, connectedRealmId: connection.realmId },
  );

/**
 * POST /api/qbo/sync-failures/{id}/retry: the same sync as the user's "Sync to QBO" or the issue's
 * "Create invoice", on the viewer's connection (which must be to the failure's company). It
 * succeeds and the failure is gone, or it fails again and the failure is replaced, in the sync's
 * own closing transaction either way.
 */
export const retrySyncFailure = async (deps: CreateInvoiceDeps, input: RetryInput): Promise<RetryResult> => {
  const failure = await findOwnSyncFailure(deps, input.viewer, input.subject);
  if (input.connection && input.connection.realmId !== failure.realmId)
    throw otherCompany(failure, input.connection);
  const common = {
    actor: input.viewer,
    settings: input.settings,
    connection: input.connection,
    budget: input.budget,
  };
  const result =
    failure.kind === 'customer'
      ? await syncUserToQbo(deps, { ...common, userId: failure.subjectId })
      : await createIssueInvoice(deps, {
          ...common,
          issue: await getIssue(deps.table, Number(failure.subjectId), { consistent: true }),
        });
  return { retried: true, result };
};
