import type { Caller } from '../auth/caller';
import { mfaStatusOf } from '../auth/mfa-gate';
import {
  hashSessionToken,
  isSessionLive,
  sessionFromItem,
  sessionTokenOwner,
  touchSession,
} from '../auth/session-repository';
import { SESSION_TOUCH_MS } from '../auth/session-types';
import { getItems } from '../db/batch-get';
import type { Table } from '../db/table';
import { ForbiddenError, MfaRequiredError, MfaSetupRequiredError, UnauthenticatedError } from '../errors';
import { issueFromItem } from '../issues/issue-repository';
import { issueKey, keyId, qboConnectionKey, sessionKey, settingsKey, type TableKey, userKey } from '../keys';
import { fromConnectionItem } from '../qbo/qbo-connection-repository';
import type { Preload, RouteDefinition } from '../routes';
import { settingsFromItem } from '../settings/settings-repository';
import { userFromItem } from '../users/user-repository';
import { clientInfoOf } from './client-info';
import { readCookie, SESSION_COOKIE } from './cookies';
import { IssuePathSchema, UserPathSchema } from './path-params';
import type { ApiEvent } from './types';

export type AuthenticateDeps = { table: Table; now: () => Date };

const ended = () => new UnauthenticatedError('Your session has ended; sign in again');

type PreloadKey = { preload: Preload; key: TableKey };

/** The keys of the route's preloads; an id the path schema refuses is simply not read. */
const preloadKeys = (route: RouteDefinition, event: ApiEvent, userId: string): PreloadKey[] =>
  (route.preload ?? []).flatMap((preload): PreloadKey[] => {
    if (preload === 'qbo-connection') return [{ preload, key: qboConnectionKey(userId) }];
    if (preload === 'path-user') {
      const path = UserPathSchema.safeParse(event.pathParameters ?? {});
      return path.success ? [{ preload, key: userKey(path.data.id) }] : [];
    }
    const path = IssuePathSchema.safeParse(event.pathParameters ?? {});
    return path.success ? [{ preload, key: issueKey(path.data.id) }] : [];
  });

/**
 * The server-side gate every signed-in route passes: a live session, an enabled user, the MFA gate
 * (DESIGN §6), then the route's roles. Session, user, settings and the route's preloads come from
 * one consistent BatchGetItem.
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
  const userId = sessionTokenOwner(token);
  if (!userId) throw ended();
  const keys = {
    session: sessionKey(hashSessionToken(token)),
    user: userKey(userId),
    settings: settingsKey(),
  };
  const preloads = preloadKeys(route, event, userId);
  const items = await getItems(deps.table, [...Object.values(keys), ...preloads.map(({ key }) => key)], {
    consistent: true,
  });
  const item = (key: TableKey) => items.get(keyId(key));

  const now = deps.now();
  const sessionItem = item(keys.session);
  const session = sessionItem ? sessionFromItem(sessionItem) : undefined;
  if (!session || session.userId !== userId || !isSessionLive(session, now)) throw ended();
  const userItem = item(keys.user);
  const user = userItem ? userFromItem(userItem) : undefined;
  if (!user?.enabled) throw ended();
  const settings = settingsFromItem(item(keys.settings));

  if (route.access.mfa !== 'exempt') {
    const { mfa } = mfaStatusOf(user, session, settings, now);
    if (mfa === 'required') throw new MfaRequiredError();
    if (mfa === 'setup_required' && route.access.mfa === 'gate') throw new MfaSetupRequiredError();
  }
  if (!route.access.roles.includes(user.role)) throw new ForbiddenError();

  if (now.getTime() - Date.parse(session.lastSeenAt) > SESSION_TOUCH_MS)
    await touchSession(deps.table, session, { now, address: clientInfoOf(event).address });
  const caller: Caller = { user, session, settings };
  for (const { preload, key } of preloads) {
    const found = item(key);
    if (!found) continue;
    if (preload === 'qbo-connection') caller.qboConnection = fromConnectionItem(found);
    else if (preload === 'path-user') caller.pathUser = userFromItem(found);
    else caller.issue = issueFromItem(found);
  }
  return caller;
};
