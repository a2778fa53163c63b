import type { Settings } from '../../shared/settings/settings';
import { getSettings, putSettings } from '../../shared/settings/settings-repository';
import type { TestApp } from './app-harness';

/** Sets the QBO toggles straight in the table (the settings API itself is tested elsewhere). */
export const setQboToggles = async (app: TestApp, qbo: Partial<Settings['qbo']>) => {
  const current = await getSettings(app.runtime.table);
  await putSettings(
    app.runtime.table,
    { ...current, qbo: { ...current.qbo, ...qbo }, version: current.version + 1 },
    current.version,
  );
};

/** QBO v3 calls made since the counts were last reset, in total. */
export const qboApiCalls = (app: TestApp) =>
  Object.entries(app.qbo?.callCounts() ?? {})
    .filter(([key]) => key.includes('/v3/company/'))
    .reduce((sum, [, count]) => sum + count, 0);

/** Sets the billing settings straight in the table. */
export const setBillingSettings = async (app: TestApp, billing: Partial<Settings['billing']>) => {
  const current = await getSettings(app.runtime.table);
  await putSettings(
    app.runtime.table,
    { ...current, billing: { ...current.billing, ...billing }, version: current.version + 1 },
    current.version,
  );
};
