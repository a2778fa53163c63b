import type { Table } from '../db/table';
import type { SyncSubjectKind } from '../keys';
import type { User } from '../users/user';
import { type FailureScope, listSubjectFailures, pageSyncFailures } from './sync-failure-repository';
import { type SyncFailureView, toSyncFailureViews } from './sync-failure-view';

export type SyncFailureList = { items: SyncFailureView[]; nextCursor?: string };

/** Admins see every failure; staff those of the syncs they asked for. */
export const failureScopeOf = (viewer: User): FailureScope =>
  viewer.role === 'admin' ? {} : { actorId: viewer.id };

/**
 * GET /api/qbo/sync-failures: the failures the viewer may see, newest first, a page at a time (one
 * Query of an index); or, for one user or issue (its page), that subject's failures with every
 * company, whoever's sync failed (one Query of its partition, never more than one per company).
 * Names of subjects and actors come in one BatchGetItem.
 */
export const listSyncFailures = async (
  deps: { table: Table },
  input: {
    viewer: User;
    limit: number;
    cursor?: string;
    subject?: { kind: SyncSubjectKind; subjectId: string };
  },
): Promise<SyncFailureList> => {
  const page = input.subject
    ? { failures: (await listSubjectFailures(deps.table, input.subject)).slice(0, input.limit) }
    : await pageSyncFailures(deps.table, {
        ...failureScopeOf(input.viewer),
        limit: input.limit,
        cursor: input.cursor,
      });
  return {
    items: await toSyncFailureViews(deps.table, page.failures),
    ...('nextCursor' in page && page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
};
