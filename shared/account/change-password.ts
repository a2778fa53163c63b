import { deleteUserSessions } from '../auth/session-repository';
import type { ClientInfo, Session } from '../auth/session-types';
import { accountSubject, recordFailure, retryAtOf, throttleStateOf } from '../auth/sign-in-throttle';
import { hashPassword, verifyPassword } from '../crypto/password';
import { getItems } from '../db/batch-get';
import type { Table } from '../db/table';
import { TooManyAttemptsError, ValidationError } from '../errors';
import { keyId } from '../keys';
import type { User } from '../users/user';
import { saveUserProfile } from '../users/user-repository';
import { auditAccount } from './security-audit';

export type ChangePasswordDeps = { table: Table; now: () => Date };

/**
 * A user's own password change: the current password first (its wrong guesses count toward the
 * account's sign-in lock, so a stolen session cannot try passwords), then every other session ends.
 */
export const changePassword = async (
  deps: ChangePasswordDeps,
  input: {
    actor: User;
    session: Session;
    currentPassword: string;
    newPassword: string;
    client: ClientInfo;
  },
): Promise<{ endedSessions: number }> => {
  const { actor } = input;
  const account = accountSubject(actor.email);
  const throttle = throttleStateOf((await getItems(deps.table, [account.key])).get(keyId(account.key)));
  const matches = actor.passwordHash
    ? await verifyPassword(input.currentPassword, actor.passwordHash)
    : false;
  const now = deps.now();
  const waitUntil = retryAtOf(throttle, now);
  if (waitUntil) throw new TooManyAttemptsError(waitUntil, now);
  if (!matches) {
    const failure = await recordFailure(deps.table, account, now);
    await auditAccount(deps, {
      subjectId: actor.id,
      actorId: actor.id,
      action: 'password.change_failed',
      client: input.client,
      details: { failures: failure.failures },
    });
    if (failure.retryAt) throw new TooManyAttemptsError(failure.retryAt, now);
    throw ValidationError.forField('currentPassword', 'Your current password is not right');
  }
  if (input.newPassword === input.currentPassword)
    throw ValidationError.forField('newPassword', 'Choose a password different from your current one');

  await saveUserProfile(deps.table, actor, {
    passwordHash: await hashPassword(input.newPassword),
    updatedAt: now.toISOString(),
  });
  const endedSessions = await deleteUserSessions(deps.table, actor.id, { except: input.session.tokenHash });
  await auditAccount(deps, {
    subjectId: actor.id,
    actorId: actor.id,
    action: 'password.changed',
    client: input.client,
    details: { endedSessions },
  });
  return { endedSessions };
};
