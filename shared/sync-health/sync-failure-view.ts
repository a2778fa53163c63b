import { getItems } from '../db/batch-get';
import type { Table } from '../db/table';
import { issueKey, keyId, userKey } from '../keys';
import type { SyncFailure } from './sync-failure';

/** A failure as Sync health, the user page and the issue page show it: what, with which company, who, why. */
export type SyncFailureView = SyncFailure & {
  actorName?: string;
  /** What failed to sync, named and linked as the web app's pages are. */
  subject: { label: string; path: string };
};

const textOf = (item: Record<string, unknown> | undefined, field: string) => {
  const value = item?.[field];
  return typeof value === 'string' ? value : undefined;
};

const subjectKey = (failure: SyncFailure) =>
  failure.kind === 'customer' ? userKey(failure.subjectId) : issueKey(Number(failure.subjectId));

const subjectOf = (failure: SyncFailure, item: Record<string, unknown> | undefined) =>
  failure.kind === 'customer'
    ? { label: textOf(item, 'name') ?? `User ${failure.subjectId}`, path: `/users/${failure.subjectId}` }
    : {
        label: [`#${failure.subjectId}`, textOf(item, 'title')].filter(Boolean).join(' '),
        path: `/issues/${failure.subjectId}`,
      };

/** One failure's view, given the items naming its subject (the user or issue) and its actor. */
export const syncFailureViewOf = (
  failure: SyncFailure,
  named: { subject?: Record<string, unknown>; actor?: Record<string, unknown> },
): SyncFailureView => {
  const actorName = textOf(named.actor, 'name');
  return { ...failure, ...(actorName ? { actorName } : {}), subject: subjectOf(failure, named.subject) };
};

/** The failures with their subjects' and actors' names: one BatchGetItem (per 100 keys) for all of them. */
export const toSyncFailureViews = async (
  table: Table,
  failures: readonly SyncFailure[],
): Promise<SyncFailureView[]> => {
  const named = await getItems(table, [
    ...failures.map(subjectKey),
    ...failures.map((failure) => userKey(failure.actorId)),
  ]);
  return failures.map((failure) =>
    syncFailureViewOf(failure, {
      subject: named.get(keyId(subjectKey(failure))),
      actor: named.get(keyId(userKey(failure.actorId))),
    }),
  );
};
