import type { AuditEvent } from '../../audit/audit-event';
import { writeAuditEvent } from '../../audit/write-audit-event';
import type { TokenCipher } from '../../crypto/token-cipher';
import type { Table } from '../../db/table';
import type { User } from '../../users/user';

/** What the MFA services need: the table, the clock, and the keys that seal TOTP secrets. */
export type MfaDeps = { table: Table; now: () => Date; loadCipher: () => Promise<TokenCipher> };

export type MfaAction =
  | 'mfa.enrolled'
  | 'mfa.verified'
  | 'mfa.failed'
  | 'mfa.locked'
  | 'mfa.recovery_code_used'
  | 'mfa.recovery_codes_regenerated'
  | 'mfa.disabled'
  | 'mfa.reset';

/** MFA events go on the trail of the user whose MFA it is. */
export const auditMfa = (
  deps: MfaDeps,
  subject: User,
  action: MfaAction,
  extra: { actorId?: string; details?: AuditEvent['details'] } = {},
): Promise<AuditEvent> =>
  writeAuditEvent(deps, {
    subject: subject.id,
    actorId: extra.actorId ?? subject.id,
    action,
    details: extra.details,
  });
