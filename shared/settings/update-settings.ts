import type { Table } from '../db/table';
import { ConflictError } from '../errors';
import type { User } from '../users/user';
import type { Settings, UpdateSettingsInput } from './settings';
import { getSettings, putSettings } from './settings-repository';

export type UpdateSettingsDeps = { table: Table; now: () => Date };

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
  const next: Settings = {
    qbo: { ...current.qbo, ...input.changes.qbo },
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
  return next;
};
