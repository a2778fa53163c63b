export type Session = {
  tokenHash: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  /** Absolute end of the session, whatever its activity. */
  expiresAt: string;
  /** Whether this session passed the MFA code step (or needed none when it started). */
  mfaVerified: boolean;
};

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** Sliding expiry is written at most this often, so reads do not turn into writes. */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;
