import { DomainError } from '../errors';

/**
 * One line of the audit trail: who (`actorId`) did what (`action`) to what (`subject`), and when.
 * `subject` is whatever the trail is read by: a user id for MFA events, `settings` for app settings,
 * an issue for QBO sync. `details` never holds secrets, codes or tokens.
 */
export type AuditEvent = {
  id: string;
  subject: string;
  at: string;
  actorId: string;
  action: string;
  details?: Record<string, unknown>;
};

/** What the trail keeps of a failure: its code and message, never its internals. */
export const failureOf = (error: unknown): { code: string; message?: string } =>
  error instanceof DomainError ? { code: error.code, message: error.message } : { code: 'internal_error' };

// What the admins' Security → Activity lists: everything about signing in, sessions, passwords and
// second factors.
const SECURITY_ACTION_PREFIXES = ['signin.', 'session.', 'password.', 'mfa.', 'passkey.'];

export const isSecurityAction = (action: string): boolean =>
  SECURITY_ACTION_PREFIXES.some((prefix) => action.startsWith(prefix));
