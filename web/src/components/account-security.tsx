import { listSessions } from '../api/client';
import { useAsync } from '../hooks/use-async';
import { ChangePasswordPanel } from './change-password-panel';
import { SecurityActivityPanel } from './security-activity-panel';
import { SessionsPanel } from './sessions-panel';

/**
 * Settings → Security, the account's part: "Change password", the active sessions and, for admins,
 * "Activity". A password change ends the other sessions, so the list is read again after one.
 */
export const AccountSecurity = ({ admin }: { admin: boolean }) => {
  const sessions = useAsync((signal) => listSessions({ signal }), []);
  return (
    <>
      <ChangePasswordPanel onChanged={sessions.reload} />
      <SessionsPanel
        sessions={sessions.data?.items}
        error={sessions.error}
        reload={sessions.reload}
        onSessionsChange={(items) => sessions.setData({ items })}
      />
      {admin && <SecurityActivityPanel />}
    </>
  );
};
