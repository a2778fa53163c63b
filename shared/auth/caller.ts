import type { Issue } from '../issues/issue';
import type { QboConnection } from '../qbo/qbo-connection';
import type { Settings } from '../settings/settings';
import type { User } from '../users/user';
import type { Session } from './session-types';

/**
 * Who is calling, and what the sign-in gate read with them in its one round trip: the app settings,
 * and the route's preloads (undefined when the route has none, or when there is no such item).
 */
export type Caller = {
  user: User;
  session: Session;
  settings: Settings;
  qboConnection?: QboConnection;
  /** The issue of an `/api/issues/{id}…` route. */
  issue?: Issue;
  /** The user of an `/api/users/{id}…` route. */
  pathUser?: User;
};
