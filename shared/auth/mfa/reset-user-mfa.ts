import { NotFoundError } from '../../errors';
import { type PublicUser, toPublicUser, type User } from '../../users/user';
import { getUser } from '../../users/user-repository';
import { deleteUserSessions } from '../session-repository';
import type { Session } from '../session-types';
import { auditMfa, type MfaDeps } from './mfa-deps';
import { removeMfa } from './mfa-repository';

/**
 * An admin clears a user's MFA (lost phone or key): secret, recovery codes, lock and passkeys go, and the user's
 * sessions end, so under enforcement they enrol again at their next sign-in.
 */
export const resetUserMfa = async (
  deps: MfaDeps,
  input: { actor: User; session: Session; userId: string },
): Promise<PublicUser> => {
  const target = await getUser(deps.table, input.userId);
  if (!target) throw new NotFoundError('User');
  await removeMfa(deps.table, target.id);
  // Only this route of the MFA function touches passkeys: their storage loads here, not at cold start.
  const { deleteAllPasskeys } = await import('../passkeys/passkey-repository');
  const removedPasskeys = await deleteAllPasskeys(deps.table, target.id);
  const user = (await getUser(deps.table, target.id, { consistent: true })) ?? target;
  // An admin resetting their own MFA keeps the session they are using.
  const except = target.id === input.actor.id ? input.session.tokenHash : undefined;
  const endedSessions = await deleteUserSessions(deps.table, target.id, { except });
  await auditMfa(deps, target, 'mfa.reset', {
    actorId: input.actor.id,
    details: { hadMfa: Boolean(target.mfa?.enabledAt), removedPasskeys, endedSessions },
  });
  return toPublicUser(user);
};
