import { isSessionLive, listUserSessions, sessionIdOf } from '../auth/session-repository';
import type { Session } from '../auth/session-types';
import type { Table } from '../db/table';
import type { User } from '../users/user';
import { deviceNameOf } from './device-name';

/** A session as its user sees it in Settings → Security. */
export type SessionView = {
  id: string;
  /** The session making this request. */
  current: boolean;
  device: string;
  userAgent?: string;
  /** Where it signed in from, and where its latest request came from. */
  address?: string;
  lastSeenAddress?: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
};

const viewOf = (session: Session, currentHash: string): SessionView => ({
  id: sessionIdOf(session.tokenHash),
  current: session.tokenHash === currentHash,
  device: deviceNameOf(session.userAgent),
  ...(session.userAgent ? { userAgent: session.userAgent } : {}),
  ...(session.address ? { address: session.address } : {}),
  lastSeenAddress: session.lastSeenAddress ?? session.address,
  createdAt: session.createdAt,
  lastSeenAt: session.lastSeenAt,
  expiresAt: session.expiresAt,
});

/** The caller's live sessions, the current one first, then the most recently seen. */
export const listSessions = async (
  deps: { table: Table; now: () => Date },
  input: { actor: User; session: Session },
): Promise<{ items: SessionView[] }> => {
  const now = deps.now();
  const live = (await listUserSessions(deps.table, input.actor.id)).filter((session) =>
    isSessionLive(session, now),
  );
  const items = live
    .map((session) => viewOf(session, input.session.tokenHash))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
  return { items };
};
