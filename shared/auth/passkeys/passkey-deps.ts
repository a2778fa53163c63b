import type { AuditEvent } from '../../audit/audit-event';
import { writeAuditEvent } from '../../audit/write-audit-event';
import type { User } from '../../users/user';
import type { MfaDeps } from '../mfa/mfa-deps';
import type { RelyingParty } from './relying-party';

/** The MFA services' needs (a TOTP code may confirm a removal), plus the relying party. */
export type PasskeyDeps = MfaDeps & { relyingParty: RelyingParty };

export type PasskeyAction = 'passkey.added' | 'passkey.removed' | 'passkey.used' | 'passkey.refused';

/** Passkey events go on the trail of the user whose passkey it is, and show in Activity. */
export const auditPasskey = (
  deps: PasskeyDeps,
  subject: User,
  action: PasskeyAction,
  details: AuditEvent['details'],
): Promise<AuditEvent> =>
  writeAuditEvent(deps, { subject: subject.id, actorId: subject.id, action, details });
