import { deleteSession, isSessionLive, listUserSessions, sessionIdOf } from '../auth/session-repository';
import type { ClientInfo, Session } from '../auth/session-types';
import type { Table } from '../db/table';
import { NotFoundError } from '../errors';
import type { User } from '../users/user';
import { auditAccount } from './security-audit';

export type RevokeSessionDeps = { table: Table; now: () => Date };

/** Signs one of the caller's sessions out; `current` when it was the one asking (sign-out). */
export const revokeSession = async (
  deps: RevokeSessionDeps,
  input: { actor: User; session: Session; sessionId: string; client: ClientInfo },
): Promise<{ current: boolean }> => {
  const now = deps.now();
  const target = (await listUserSessions(deps.table, input.actor.id)).find(
    (session) => sessionIdOf(session.tokenHash) === input.sessionId && isSessionLive(session, now),
  );
  if (!target) throw new NotFoundError('Session');
  await deleteSession(deps.table, target.tokenHash);
  const current = target.tokenHash === input.session.tokenHash;
  await auditAccount(deps, {
    subjectId: input.actor.id,
    actorId: input.actor.id,
    action: 'session.revoked',
    client: input.client,
    details: { sessionId: input.sessionId, current },
  });
  return { current };
};
