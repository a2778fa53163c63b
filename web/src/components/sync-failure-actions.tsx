import { useRef, useState } from 'preact/hooks';
import { dismissSyncFailure, listSyncFailures, retrySyncFailure } from '../api/client';
import type { SyncFailure, SyncFailureRetry } from '../api/types';
import { forgetQboConnection } from '../hooks/use-qbo-connection';
import { labels } from '../labels';
import { isNotFound } from '../lib/errors';
import { qboProblem } from '../lib/qbo';
import { QboError } from './qbo-notices';

export type SyncFailureActionsProps = {
  failure: SyncFailure;
  /** Where "Connect to QBO First" comes back to. */
  returnTo: string;
  /** The failure is gone: retried successfully (with the sync's result), or dismissed. */
  onGone: (failure: SyncFailure, retried?: SyncFailureRetry) => void;
  /** A retry failed again: the failure as the server now has it (new time, message, who). */
  onReplaced: (failure: SyncFailure) => void;
};

const disabledTextOf = (failure: SyncFailure) =>
  failure.kind === 'customer' ? labels.qbo.syncUserDisabled : labels.qbo.syncInvoiceDisabled;

/** The failure as the server has it now, or undefined when it is gone. */
const readAgain = async (failure: SyncFailure): Promise<SyncFailure | undefined> => {
  const page = await listSyncFailures({ kind: failure.kind, subjectId: failure.subjectId });
  return page.items.find((item) => item.id === failure.id);
};

/**
 * "Retry" and "Dismiss" of one failed sync. A retry that fails again shows why here, and the row is
 * read again so it carries QuickBooks' new message and reference.
 */
export const SyncFailureActions = ({ failure, returnTo, onGone, onReplaced }: SyncFailureActionsProps) => {
  const [pending, setPending] = useState<'retry' | 'dismiss' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  // State updates land after the next render; a ref stops a second click in between.
  const inFlight = useRef(false);
  const what = failure.subject.label;

  const act = async (which: 'retry' | 'dismiss') => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(which);
    setError(undefined);
    try {
      if (which === 'retry') onGone(failure, await retrySyncFailure(failure.id));
      else {
        await dismissSyncFailure(failure.id);
        onGone(failure);
      }
    } catch (failed) {
      // Already gone: retried or dismissed elsewhere (another tab, another admin).
      if (isNotFound(failed)) return onGone(failure);
      if (qboProblem(failed) === 'not_connected') forgetQboConnection();
      setError(failed);
      if (which === 'retry') {
        const now = await readAgain(failure).catch(() => failure);
        if (now) onReplaced(now);
      }
    } finally {
      inFlight.current = false;
      setPending(undefined);
    }
  };

  return (
    <div class="sync-failure-actions">
      <div class="inline-actions">
        <button
          type="button"
          class="button-primary"
          aria-label={labels.syncHealth.retryOf(what)}
          onClick={() => act('retry')}
          disabled={pending !== undefined}
        >
          {pending === 'retry' ? labels.syncHealth.retrying : labels.syncHealth.retry}
        </button>
        <button
          type="button"
          class="button-secondary"
          aria-label={labels.syncHealth.dismissOf(what)}
          onClick={() => act('dismiss')}
          disabled={pending !== undefined}
        >
          {labels.syncHealth.dismiss}
        </button>
      </div>
      <QboError error={error} returnTo={returnTo} disabledText={disabledTextOf(failure)} />
    </div>
  );
};
