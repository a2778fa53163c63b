import type { Logger } from '../platform/logger';
import type { TimeBudget } from '../platform/time-budget';
import type { QboApiDeps } from '../qbo/qbo-api-client';
import { companySession, followCompany, readCompanyChanges } from './follow-company';
import { isFollowed, type QboChange } from './qbo-change';

export type ProcessDeps = QboApiDeps & { log: Logger };

/**
 * Follows a batch of changes, company by company. A company whose work fails (QuickBooks down, a
 * throttle) hands back its changes to be retried; the others are done. A company nobody is connected
 * to any more is skipped: the backstop catches up once someone connects again.
 */
export const processChanges = async (
  deps: ProcessDeps,
  changes: readonly QboChange[],
  budget: TimeBudget,
): Promise<{ failed: QboChange[] }> => {
  const byCompany = new Map<string, QboChange[]>();
  for (const change of changes.filter((change) => isFollowed(change.entity)))
    byCompany.set(change.realmId, [...(byCompany.get(change.realmId) ?? []), change]);
  const failed: QboChange[] = [];
  for (const [realmId, companyChanges] of byCompany) {
    try {
      const qbo = await companySession(deps, realmId, budget);
      if (!qbo) {
        deps.log.warn('QBO changes skipped: no usable connection to the company', {
          realmId,
          changes: companyChanges.length,
        });
        continue;
      }
      const outcome = await followCompany(deps, qbo, await readCompanyChanges(qbo, companyChanges));
      deps.log.info('QBO changes followed', { realmId, changes: companyChanges.length, ...outcome });
    } catch (error) {
      deps.log.warn('QBO changes failed; they will be retried', { realmId, error: (error as Error).message });
      failed.push(...companyChanges);
    }
  }
  return { failed };
};
