import { useState } from 'preact/hooks';
import { revokeOtherSessions, revokeSession } from '../api/client';
import type { ActiveSession } from '../api/types';
import { labels } from '../labels';
import { formatDateTime } from '../lib/format';
import { useSession } from '../session';
import { ConfirmButton } from './confirm-button';
import { ErrorBanner, Notice } from './error-banner';
import { Loading } from './loading';

type SessionsPanelProps = {
  sessions: ActiveSession[] | undefined;
  error: unknown;
  reload: () => void;
  onSessionsChange: (sessions: ActiveSession[]) => void;
};

/** One session: "Sign out" asks in place; signing out this browser's own session ends up on sign-in. */
const SessionRow = ({ session, onRevoked }: { session: ActiveSession; onRevoked: () => void }) => {
  const { refresh } = useSession();
  const revoke = async () => {
    await revokeSession(session.id);
    // The server has cleared this browser's cookie too: re-reading the session sends it to sign-in.
    if (session.current) await refresh();
    else onRevoked();
  };
  return (
    <tr>
      <th scope="row">
        {session.device}
        {session.current && (
          <>
            {' '}
            <span class="badge">{labels.security.thisDevice}</span>
          </>
        )}
      </th>
      <td>{session.lastSeenAddress ?? session.address ?? labels.security.unknownAddress}</td>
      <td>{formatDateTime(session.createdAt)}</td>
      <td>{formatDateTime(session.lastSeenAt)}</td>
      <td>
        <ConfirmButton
          label={labels.security.signOut}
          question={
            session.current
              ? labels.security.signOutThisConfirm
              : labels.security.signOutConfirm(session.device)
          }
          onConfirm={revoke}
        />
      </td>
    </tr>
  );
};

/** Settings → Security: the user's live sessions (device, where from, last seen), to sign out one by one or all. */
export const SessionsPanel = ({ sessions, error, reload, onSessionsChange }: SessionsPanelProps) => {
  const [ended, setEnded] = useState<number | undefined>(undefined);
  if (error) return <ErrorBanner error={error} onRetry={reload} />;
  if (!sessions) return <Loading />;
  const others = sessions.filter((session) => !session.current);
  const signOutOthers = async () => {
    const { endedSessions } = await revokeOtherSessions();
    setEnded(endedSessions);
    onSessionsChange(sessions.filter((session) => session.current));
  };
  return (
    <section aria-labelledby="security-sessions">
      <h3 id="security-sessions">{labels.security.sessions}</h3>
      <p class="field-hint">{labels.security.sessionsHint}</p>
      {ended !== undefined && <Notice>{labels.security.signedOutOthers(ended)}</Notice>}
      <div class="table-wrap">
        <table aria-labelledby="security-sessions">
          <thead>
            <tr>
              <th scope="col">{labels.security.device}</th>
              <th scope="col">{labels.security.whereFrom}</th>
              <th scope="col">{labels.security.signedIn}</th>
              <th scope="col">{labels.security.lastSeen}</th>
              <th scope="col">
                <span class="visually-hidden">{labels.security.signOut}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <SessionRow
                key={session.id}
                session={session}
                onRevoked={() => onSessionsChange(sessions.filter((other) => other.id !== session.id))}
              />
            ))}
          </tbody>
        </table>
      </div>
      {others.length > 0 ? (
        <ConfirmButton
          label={labels.security.signOutEverywhereElse}
          question={labels.security.signOutEverywhereElseConfirm}
          onConfirm={signOutOthers}
        />
      ) : (
        ended === undefined && <p>{labels.security.noOtherSessions}</p>
      )}
    </section>
  );
};
