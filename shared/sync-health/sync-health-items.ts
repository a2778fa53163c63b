import type { TransactItem } from '../db/lease';
import type { Table } from '../db/table';
import { keyId, type SyncSubjectKind, syncFailureIndexes, syncFailureKey } from '../keys';
import { type SyncFailure, type SyncSubject, syncFailureOf } from './sync-failure';

/** What a sync's closing transaction records of its subject: its failure, or that it succeeded. */
export type SyncHealthChange = { failed: SyncFailure } | { succeeded: SyncSubject };

/** The subject synced: its last failure, if any, goes. */
export const syncSucceeded = (subject: SyncSubject): SyncHealthChange[] => [{ succeeded: subject }];

/** The subject failed to sync: its failure replaces any older one (none for a 429 or a held lease). */
export const syncFailed = (
  subject: SyncSubject,
  input: Parameters<typeof syncFailureOf>[1],
): SyncHealthChange[] => {
  const failure = syncFailureOf(subject, input);
  return failure ? [{ failed: failure }] : [];
};

/** A sync with the session's company failed, as `actor` asked for it. */
export const syncFailedIn = (
  qbo: { realmId: string; companyName?: string },
  input: { kind: SyncSubjectKind; subjectId: string; actor: { id: string }; error: unknown; now: Date },
): SyncHealthChange[] =>
  syncFailed(
    { kind: input.kind, subjectId: input.subjectId, realmId: qbo.realmId },
    {
      error: input.error,
      actorId: input.actor.id,
      at: input.now.toISOString(),
      ...(qbo.companyName ? { companyName: qbo.companyName } : {}),
    },
  );

const subjectOf = (change: SyncHealthChange) => ('failed' in change ? change.failed : change.succeeded);

const itemOf = (table: Table, change: SyncHealthChange): TransactItem => {
  if ('succeeded' in change) {
    const { kind, subjectId, realmId } = change.succeeded;
    return { Delete: { TableName: table.name, Key: syncFailureKey(kind, subjectId, realmId) } };
  }
  const failure = change.failed;
  return {
    Put: {
      TableName: table.name,
      Item: {
        ...syncFailureKey(failure.kind, failure.subjectId, failure.realmId),
        ...syncFailureIndexes(failure.actorId, failure.failedAt, failure.id),
        ...failure,
      },
    },
  };
};

/**
 * The transaction items of these changes, one per subject (a transaction may touch an item once):
 * a later change of the same subject wins, so a failure found after an earlier success stands.
 * Each item is the subject's own, never one shared by every sync (30 run at once in a bulk job).
 */
export const syncHealthItems = (table: Table, changes: readonly SyncHealthChange[]): TransactItem[] => {
  const bySubject = new Map<string, SyncHealthChange>();
  for (const change of changes) {
    const { kind, subjectId, realmId } = subjectOf(change);
    const key = keyId(syncFailureKey(kind, subjectId, realmId));
    bySubject.delete(key);
    bySubject.set(key, change);
  }
  return [...bySubject.values()].map((change) => itemOf(table, change));
};
