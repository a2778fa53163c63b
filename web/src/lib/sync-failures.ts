// Pure rules behind the failed-sync rows (Sync health, the user page, the issue page).
import type { PublicUser, SyncFailure } from '../api/types';
import { labels } from '../labels';

/** Admins retry or dismiss any failure; staff those of the syncs they ran (the server says the same). */
export const canActOnFailure = (
  viewer: Pick<PublicUser, 'id' | 'role'>,
  failure: Pick<SyncFailure, 'actorId'>,
) => viewer.role === 'admin' || failure.actorId === viewer.id;

/** What follows "Failed <time>": "by <who> with <company>", as much of it as the failure knows. */
export const failureContext = (failure: Pick<SyncFailure, 'actorName' | 'companyName' | 'realmId'>): string =>
  [
    failure.actorName && labels.qbo.by(failure.actorName),
    labels.syncHealth.withCompany(failure.companyName ?? failure.realmId),
  ]
    .filter(Boolean)
    .join(' ');

export const withoutFailure = (items: SyncFailure[], id: string): SyncFailure[] =>
  items.filter((item) => item.id !== id);

/** The list with `next` in place of the failure it replaced (a retry that failed again). */
export const withFailure = (items: SyncFailure[], next: SyncFailure): SyncFailure[] =>
  items.map((item) => (item.id === next.id ? next : item));
