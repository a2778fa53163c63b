export type Session = {
  tokenHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute end of the session, whatever its activity. */
  expiresAt: string;
  /** Whether this session passed the MFA code step (or needed none when it started). */
  mfaVerified: boolean;
  /** Where the session was opened from, and with what (for the user's list of sessions). */
  address?: string;
  userAgent?: string;
  /** The address of the latest request, as of the last sliding-expiry write. */
  lastSeenAddress?: string;
};

/** Who is on the other end of a request: the client's address and what its browser says it is. */
export type ClientInfo = { address: string; userAgent: string };

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often, so reads do not turn into writes. */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;
