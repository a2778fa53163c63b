import type { AuditEvent } from '../audit/audit-event';
import { type WriteAuditEventDeps, writeAuditEvent } from '../audit/write-audit-event';
import type { ClientInfo } from '../auth/session-types';

export type AccountAction =
  | 'session.revoked'
  | 'session.revoked_others'
  | 'password.changed'
  | 'password.change_failed'
  | 'password.reset'
  | 'signin.unlocked';

/** An account's security event, on the trail of the user whose account it is, with where it came from. */
export const auditAccount = (
  deps: WriteAuditEventDeps,
  input: {
    subjectId: string;
    actorId: string;
    action: AccountAction;
    client?: ClientInfo;
    details?: AuditEvent['details'];
  },
): Promise<AuditEvent> =>
  writeAuditEvent(deps, {
    subject: input.subjectId,
    actorId: input.actorId,
    action: input.action,
    details: { ...input.client, ...input.details },
  });
