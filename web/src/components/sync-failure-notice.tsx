import { listSyncFailures } from '../api/client';
import type { SyncFailure, SyncFailureKind, SyncFailureRetry } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { formatDateTime } from '../lib/format';
import { canActOnFailure, failureContext, withFailure, withoutFailure } from '../lib/sync-failures';
import { useCurrentUser } from '../session';
import { SyncFailureActions } from './sync-failure-actions';

/** One subject's failed last syncs (one per company at most), read again whenever `attempt` changes. */
export const useSubjectFailures = (kind: SyncFailureKind, subjectId: string, attempt: number) =>
  useAsync((signal) => listSyncFailures({ kind, subjectId }, { signal }), [kind, subjectId, attempt]);

type SyncFailureNoticeProps = {
  failures: ReturnType<typeof useSubjectFailures>;
  returnTo: string;
  /** A retry here succeeded: the page shows the sync's outcome as after "Sync to QBO" / "Create invoice". */
  onRetried: (retried: SyncFailureRetry) => void;
};

const FailureBlock = ({
  failure,
  returnTo,
  onGone,
  onReplaced,
}: {
  failure: SyncFailure;
  returnTo: string;
  onGone: (failure: SyncFailure, retried?: SyncFailureRetry) => void;
  onReplaced: (failure: SyncFailure) => void;
}) => {
  const me = useCurrentUser();
  const headingId = `sync-failure-${failure.id.replace(/\W/g, '-')}`;
  return (
    <section class="banner banner-error sync-failure" aria-labelledby={headingId}>
      <h3 id={headingId}>{labels.syncHealth.lastSyncFailed}</h3>
      <p class="field-hint">
        {labels.syncHealth.failed} <time dateTime={failure.failedAt}>{formatDateTime(failure.failedAt)}</time>{' '}
        {failureContext(failure)}
      </p>
      <p class="banner-message">{failure.message}</p>
      {failure.intuitTid && <p class="field-hint">{labels.qbo.intuitReference(failure.intuitTid)}</p>}
      {canActOnFailure(me, failure) ? (
        <SyncFailureActions failure={failure} returnTo={returnTo} onGone={onGone} onReplaced={onReplaced} />
      ) : (
        <p class="field-hint">{labels.syncHealth.onlyTheirs}</p>
      )}
    </section>
  );
};

/**
 * The user page's and issue page's failed last sync: when, who, with which company, QuickBooks' message
 * and reference, "Retry" and "Dismiss". A retry that succeeds takes it away.
 */
export const SyncFailureNotice = ({ failures, returnTo, onRetried }: SyncFailureNoticeProps) => {
  const items = failures.data?.items ?? [];
  if (items.length === 0) return null;
  const onGone = (failure: SyncFailure, retried?: SyncFailureRetry) => {
    failures.setData({ items: withoutFailure(items, failure.id) });
    if (retried) onRetried(retried);
  };
  const onReplaced = (failure: SyncFailure) => failures.setData({ items: withFailure(items, failure) });
  return (
    <div class="sync-failures">
      {items.map((failure) => (
        <FailureBlock
          key={failure.id}
          failure={failure}
          returnTo={returnTo}
          onGone={onGone}
          onReplaced={onReplaced}
        />
      ))}
    </div>
  );
};
