import { burnPasswordCheck, verifyPassword } from '../crypto/password';
import type { Table } from '../db/table';
import { UnauthenticatedError } from '../errors';
import { getSettings } from '../settings/settings-repository';
import { type PublicUser, toPublicUser } from '../users/user';
import { findUserIdByEmail, getUser } from '../users/user-repository';
import { type MfaStatus, mfaStatusOf } from './mfa-gate';
import { createSession } from './session-repository';

export type SignInDeps = { table: Table; now: () => Date };

const wrongCredentials = () => new UnauthenticatedError('Email or password is incorrect');

/** Checks the password and opens a session; one message for every failure so accounts cannot be probed. */
export const signIn = async (
  deps: SignInDeps,
  input: { email: string; password: string },
): Promise<{ token: string; user: PublicUser } & MfaStatus> => {
  const userId = await findUserIdByEmail(deps.table, input.email);
  const user = userId ? await getUser(deps.table, userId) : undefined;
  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password);
    throw wrongCredentials();
  }
  const passwordMatches = await verifyPassword(input.password, user.passwordHash);
  if (!passwordMatches || !user.enabled) throw wrongCredentials();

  const now = deps.now();
  const { token, session } = await createSession(deps.table, {
    userId: user.id,
    mfaVerified: !user.mfa?.enabledAt,
    now,
  });
  const settings = await getSettings(deps.table);
  return { token, user: toPublicUser(user), ...mfaStatusOf(user, session, settings, now) };
};
