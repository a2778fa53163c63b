import type { Table } from '../db/table';
import { NotFoundError } from '../errors';
import type { User } from '../users/user';
import { failureScopeOf } from './list-sync-failures';
import type { SyncSubject } from './sync-failure';
import { deleteSyncFailure } from './sync-failure-repository';

/**
 * DELETE /api/qbo/sync-failures/{id}: Dismiss. Admins dismiss any failure, staff their own; one
 * conditional DeleteItem, and a failure the viewer may not see is not found.
 */
export const dismissSyncFailure = async (
  deps: { table: Table },
  input: { viewer: User; subject: SyncSubject },
): Promise<void> => {
  if (!(await deleteSyncFailure(deps.table, input.subject, failureScopeOf(input.viewer))))
    throw new NotFoundError('Sync failure');
};
