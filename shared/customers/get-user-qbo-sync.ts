import { listAuditEvents } from '../audit/list-audit-events';
import type { Table } from '../db/table';
import { NotFoundError } from '../errors';
import { customerUrl, type IntuitEndpoints, type IntuitEnvironment } from '../qbo/intuit-endpoints';
import { listSubjectFailures } from '../sync-health/sync-failure-repository';
import { type SyncFailureView, syncFailureViewOf } from '../sync-health/sync-failure-view';
import type { User } from '../users/user';
import { getUsers } from '../users/user-repository';
import { type CustomerSyncOutcome, customerSyncSubject } from './sync-user-to-qbo';

export type UserQboSyncView = {
  links: {
    realmId: string;
    customerId: string;
    displayName: string;
    syncedAt: string;
    customerUrl: string;
  }[];
  history: {
    id: string;
    at: string;
    actorId: string;
    actorName?: string;
    realmId?: string;
    customerId?: string;
    outcome?: CustomerSyncOutcome;
    displayName?: string;
    error?: { code: string; message?: string };
  }[];
  /**
   * The user's last failed sync with each company, newest first, whoever asked for it (always sent;
   * optional so the web app can set the view from a sync's result without it).
   */
  failures?: SyncFailureView[];
};

const HISTORY_LENGTH = 10;

/** The user's QBO customer links (one per company) and the latest syncs, newest first (the user comes with the gate's read). */
export const getUserQboSync = async (
  deps: {
    table: Table;
    environment: IntuitEnvironment;
    endpointsFor: (environment: IntuitEnvironment) => IntuitEndpoints;
  },
  input: { user: User | undefined },
): Promise<UserQboSyncView> => {
  const { user } = input;
  if (!user) throw new NotFoundError('User');
  const [trail, failures] = await Promise.all([
    listAuditEvents(deps, { subject: customerSyncSubject(user.id), limit: HISTORY_LENGTH }),
    listSubjectFailures(deps.table, { kind: 'customer', subjectId: user.id }),
  ]);
  const actors = await getUsers(deps.table, [
    ...trail.items.map((event) => event.actorId),
    ...failures.map((failure) => failure.actorId),
  ]);
  const endpoints = deps.endpointsFor(deps.environment);
  return {
    links: Object.values(user.qboCustomers ?? {}).map((link) => ({
      realmId: link.realmId,
      customerId: link.customerId,
      displayName: link.displayName,
      syncedAt: link.syncedAt,
      customerUrl: customerUrl(endpoints, link.customerId),
    })),
    history: trail.items.map((event) => {
      const details = (event.details ?? {}) as UserQboSyncView['history'][number];
      return {
        id: event.id,
        at: event.at,
        actorId: event.actorId,
        actorName: actors.get(event.actorId)?.name,
        realmId: details.realmId,
        customerId: details.customerId,
        outcome: details.outcome,
        displayName: details.displayName,
        error: details.error,
      };
    }),
    failures: failures.map((failure) =>
      syncFailureViewOf(failure, { subject: user, actor: actors.get(failure.actorId) }),
    ),
  };
};
