import { deleteUserSessions } from '../auth/session-repository';
import type { ClientInfo, Session } from '../auth/session-types';
import type { User } from '../users/user';
import type { RevokeSessionDeps } from './revoke-session';
import { auditAccount } from './security-audit';

/** "Sign out everywhere else": every session of the caller but this one ends. */
export const revokeOtherSessions = async (
  deps: RevokeSessionDeps,
  input: { actor: User; session: Session; client: ClientInfo },
): Promise<{ endedSessions: number }> => {
  const endedSessions = await deleteUserSessions(deps.table, input.actor.id, {
    except: input.session.tokenHash,
  });
  await auditAccount(deps, {
    subjectId: input.actor.id,
    actorId: input.actor.id,
    action: 'session.revoked_others',
    client: input.client,
    details: { endedSessions },
  });
  return { endedSessions };
};
