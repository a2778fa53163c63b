import { useState } from 'preact/hooks';
import { getUser, getUserQboSync, syncUserToQbo } from '../api/client';
import type { PublicUser, QboSyncEvent, QboSyncResult } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { useQboAction } from '../hooks/use-qbo-action';
import { labels } from '../labels';
import { formatDateTime } from '../lib/format';
import {
  type ActiveQboConnection,
  describeSyncEvent,
  linkInRealm,
  otherRealmIds,
  qboProblem,
  recentSyncEvents,
  withSyncResult,
} from '../lib/qbo';
import { Notice } from './error-banner';
import { QboFeatureGate } from './qbo-feature-gate';
import { QboLogo } from './qbo-logo';
import { QboError, QboLink } from './qbo-notices';
import { SyncFailureNotice, useSubjectFailures } from './sync-failure-notice';

export type UserQboPanelProps = {
  user: PublicUser;
  /** Call with the user as the API has it after a sync, so the page shows the newest record. */
  onUserChange: (user: PublicUser) => void;
};

const SyncHistory = ({ events, realmId }: { events: QboSyncEvent[]; realmId: string }) =>
  events.length === 0 ? null : (
    <section class="qbo-history" aria-labelledby="qbo-sync-history">
      <h3 id="qbo-sync-history">{labels.qbo.history}</h3>
      <ul>
        {events.map((event) => (
          <li key={event.id} class={event.error ? 'qbo-history-failed' : undefined}>
            <time dateTime={event.at}>{formatDateTime(event.at)}</time> {describeSyncEvent(event)}
            {event.actorName && ` ${labels.qbo.by(event.actorName)}`}
            {event.realmId && event.realmId !== realmId && ` ${labels.qbo.inRealm(event.realmId)}`}
          </li>
        ))}
      </ul>
    </section>
  );

const SyncResult = ({ result }: { result: QboSyncResult }) => (
  <>
    <Notice>{result.message}</Notice>
    {/* The server's message may already name it; say the name used only when it does not. */}
    {result.displayNameAdjusted && !result.message.includes(result.displayName) && (
      <p>{labels.qbo.nameAdjusted(result.displayName)}</p>
    )}
  </>
);

/** Connected and allowed: the customer link in the viewer's company, "Sync to QBO" and the history. */
const CustomerSync = ({
  user,
  connection,
  returnTo,
  onUserChange,
}: {
  user: PublicUser;
  connection: ActiveQboConnection;
  returnTo: string;
  onUserChange: (user: PublicUser) => void;
}) => {
  const info = useAsync((signal) => getUserQboSync(user.id, { signal }), [user.id]);
  const links = info.data?.links ?? [];
  const link = linkInRealm(links, connection.realmId);
  const elsewhere = link ? [] : otherRealmIds(links, connection.realmId);
  const sync = useQboAction(
    () => syncUserToQbo(user.id),
    (synced) => {
      info.setData({ links: withSyncResult(links, synced), history: info.data?.history ?? [] });
      info.reload();
      getUser(user.id).then(onUserChange, () => undefined);
    },
  );
  // Each "Sync to QBO" reads the failed last sync again: one that failed shows here, one that worked clears it.
  const [attempts, setAttempts] = useState(0);
  const failures = useSubjectFailures('customer', user.id, attempts);
  const failedHere = failures.data?.items.some((failure) => failure.realmId === connection.realmId);
  const startSync = () => sync.start().finally(() => setAttempts((n) => n + 1));

  return (
    <div class="qbo-sync">
      {link ? (
        <div class="qbo-customer">
          <QboLink href={link.customerUrl}>
            <QboLogo />
            <span>{labels.qbo.viewCustomer}</span>
          </QboLink>
          <p class="field-hint">
            {labels.qbo.lastSynced(formatDateTime(link.syncedAt))} ·{' '}
            {labels.qbo.customerName(link.displayName)}
          </p>
        </div>
      ) : elsewhere.length > 0 ? (
        <p>{labels.qbo.otherRealm(elsewhere.join(', '), connection.companyName)}</p>
      ) : null}
      <p>
        <button type="button" class="button-primary" onClick={startSync} disabled={sync.pending}>
          {sync.pending ? labels.qbo.syncing : labels.qbo.syncUser}
        </button>
      </p>
      {sync.result && <SyncResult result={sync.result} />}
      {/* QuickBooks' refusal is kept as the failed last sync below, with its reference and "Retry". */}
      {!(failedHere && qboProblem(sync.error) === 'other') && (
        <QboError error={sync.error} returnTo={returnTo} disabledText={labels.qbo.syncUserDisabled} />
      )}
      <SyncFailureNotice
        failures={failures}
        returnTo={returnTo}
        onRetried={({ result }) => 'customerId' in result && sync.show(result)}
      />
      {info.error && !info.data ? (
        <QboError
          error={info.error}
          returnTo={returnTo}
          disabledText={labels.qbo.syncUserDisabled}
          onRetry={info.reload}
        />
      ) : (
        <SyncHistory events={recentSyncEvents(info.data?.history ?? [])} realmId={connection.realmId} />
      )}
    </div>
  );
};

/**
 * The user page's QuickBooks section (DESIGN §1 "User page"): "Sync to QBO", "View customer in
 * QuickBooks", "Connect to QBO First", or the disabled-in-settings note. Everything loads here, after
 * the page: the user page never waits on QuickBooks.
 */
export const UserQboPanel = ({ user, onUserChange }: UserQboPanelProps) => {
  const returnTo = `/users/${encodeURIComponent(user.id)}`;
  return (
    <QboFeatureGate toggle="syncUser" disabledText={labels.qbo.syncUserDisabled} returnTo={returnTo}>
      {(connection) => (
        <CustomerSync user={user} connection={connection} returnTo={returnTo} onUserChange={onUserChange} />
      )}
    </QboFeatureGate>
  );
};
