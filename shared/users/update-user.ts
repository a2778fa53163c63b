import { auditAccount } from '../account/security-audit';
import { deleteUserSessions } from '../auth/session-repository';
import type { ClientInfo, Session } from '../auth/session-types';
import { hashPassword } from '../crypto/password';
import type { Table } from '../db/table';
import { NotFoundError } from '../errors';
import { type PublicUser, toPublicUser, type UpdateUserInput, type User } from './user';
import { assertCanEditUser } from './user-access';
import { getUser, saveUserProfile } from './user-repository';

export type UpdateUserDeps = { table: Table; now: () => Date };

export const updateUser = async (
  deps: UpdateUserDeps,
  input: { actor: User; session: Session; client: ClientInfo; userId: string; changes: UpdateUserInput },
): Promise<PublicUser> => {
  const before = await getUser(deps.table, input.userId);
  if (!before) throw new NotFoundError('User');
  assertCanEditUser(input.actor, before, input.changes);
  const { password, ...profile } = input.changes;
  const patch = {
    ...profile,
    ...(password ? { passwordHash: await hashPassword(password) } : {}),
    updatedAt: deps.now().toISOString(),
  };
  await saveUserProfile(deps.table, before, patch);
  if (password) await endSessionsAfterReset(deps, input);
  return toPublicUser({ ...before, ...withoutNulls(patch) } as User);
};

/** A password set for someone signs them out everywhere (but for the one setting it, here). */
const endSessionsAfterReset = async (
  deps: UpdateUserDeps,
  input: { actor: User; session: Session; client: ClientInfo; userId: string },
) => {
  const endedSessions = await deleteUserSessions(deps.table, input.userId, {
    except: input.session.tokenHash,
  });
  await auditAccount(deps, {
    subjectId: input.userId,
    actorId: input.actor.id,
    action: 'password.reset',
    client: input.client,
    details: { endedSessions },
  });
};

const withoutNulls = (patch: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, value ?? undefined]));
