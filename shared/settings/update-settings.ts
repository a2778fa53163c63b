import { writeAuditEvent } from '../audit/write-audit-event';
import type { Table } from '../db/table';
import { ConflictError, ValidationError } from '../errors';
import type { User } from '../users/user';
import type { Settings, UpdateSettingsInput } from './settings';
import { getSettings, putSettings } from './settings-repository';

export type UpdateSettingsDeps = { table: Table; now: () => Date };

/** Audit subject for app-wide settings changes. */
export const SETTINGS_AUDIT_SUBJECT = 'settings';

export const updateSettings = async (
  deps: UpdateSettingsDeps,
  input: { actor: User; changes: UpdateSettingsInput },
): Promise<Settings> => {
  const current = await getSettings(deps.table);
  if (current.version !== input.changes.version) {
    throw new ConflictError('Settings were changed by someone else; reload and try again');
  }
  const at = deps.now().toISOString();
  const security = { ...current.security, ...input.changes.security };
  // The grace runs from when enforcement was turned on, so changing its length moves the deadline at once.
  const enforcementStarts = security.enforceMfa && !current.security.enforceMfa;
  // Otherwise the admin would lock themselves out of everything but MFA setup.
  if (enforcementStarts && !input.actor.mfa?.enabledAt) {
    throw ValidationError.forField(
      'security.enforceMfa',
      'Enable MFA for your own account (Settings → Security) before enforcing it for everyone',
    );
  }
  const next: Settings = {
    qbo: { ...current.qbo, ...input.changes.qbo },
    billing: { ...current.billing, ...input.changes.billing },
    security: {
      ...security,
      enforcedSince: security.enforceMfa
        ? enforcementStarts
          ? at
          : current.security.enforcedSince
        : undefined,
    },
    version: current.version + 1,
    updatedAt: at,
    updatedBy: input.actor.id,
  };
  await putSettings(deps.table, next, current.version);
  await auditEnforcementChange(deps, input.actor, current.security, next.security);
  return next;
};

const auditEnforcementChange = async (
  deps: UpdateSettingsDeps,
  actor: User,
  before: Settings['security'],
  after: Settings['security'],
) => {
  if (before.enforceMfa === after.enforceMfa && before.mfaGraceDays === after.mfaGraceDays) return;
  await writeAuditEvent(deps, {
    subject: SETTINGS_AUDIT_SUBJECT,
    actorId: actor.id,
    action: 'mfa.enforcement_changed',
    details: {
      enforceMfa: { from: before.enforceMfa, to: after.enforceMfa },
      mfaGraceDays: { from: before.mfaGraceDays, to: after.mfaGraceDays },
    },
  });
};
