import { mfaStatusOf } from '../auth/mfa-gate';
import { getSession, hashSessionToken, isSessionLive, touchSession } from '../auth/session-repository';
import { SESSION_TOUCH_MS } from '../auth/session-types';
import type { Table } from '../db/table';
import { ForbiddenError, MfaRequiredError, MfaSetupRequiredError, UnauthenticatedError } from '../errors';
import type { RouteDefinition } from '../routes';
import { getSettings } from '../settings/settings-repository';
import { getUser } from '../users/user-repository';
import { readCookie, SESSION_COOKIE } from './cookies';
import type { ApiEvent, Caller } from './types';

export type AuthenticateDeps = { table: Table; now: () => Date };

/**
 * The server-side gate every signed-in route passes: a live session, an enabled user, the MFA gate
 * (DESIGN §6), then the route's roles.
 */
export const authenticate = async (
  deps: AuthenticateDeps,
  event: ApiEvent,
  route: RouteDefinition,
): Promise<Caller | undefined> => {
  if (route.access.kind === 'public') return undefined;
  const token =
    readCookie(event.cookies, SESSION_COOKIE) ?? readCookie([event.headers.cookie ?? ''], SESSION_COOKIE);
  if (!token) throw new UnauthenticatedError();
  const now = deps.now();
  const session = await getSession(deps.table, hashSessionToken(token));
  if (!session || !isSessionLive(session, now))
    throw new UnauthenticatedError('Your session has ended; sign in again');
  const [user, settings] = await Promise.all([getUser(deps.table, session.userId), getSettings(deps.table)]);
  if (!user?.enabled) throw new UnauthenticatedError('Your session has ended; sign in again');

  if (route.access.mfa === 'gate') {
    const { mfa } = mfaStatusOf(user, session, settings, now);
    if (mfa === 'required') throw new MfaRequiredError();
    if (mfa === 'setup_required') throw new MfaSetupRequiredError();
  }
  if (!route.access.roles.includes(user.role)) throw new ForbiddenError();

  if (now.getTime() - Date.parse(session.lastSeenAt) > SESSION_TOUCH_MS)
    await touchSession(deps.table, session, now);
  return { user, session, settings };
};
