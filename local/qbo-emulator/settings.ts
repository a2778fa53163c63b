export interface EmulatorSettings {
  /** Seconds a rotated refresh token keeps working (Intuit sources disagree: 0 or 24 h). */
  refreshTokenGraceSeconds: number;
  /** Accepted API requests per realm in any 60 s window (Intuit: 500); a batch counts one per item. */
  throttlePerMinute: number;
  /** Accepted batch calls per realm in any 60 s window (Intuit: 40; a 2025 notice says 120). */
  batchCallsPerMinute: number;
  /** Concurrent API requests per realm (Intuit: 10). */
  maxConcurrent: number;
  accessTokenTtlSeconds: number;
  authorizationCodeTtlSeconds: number;
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
  refreshTokenGraceSeconds: 0,
  throttlePerMinute: 500,
  batchCallsPerMinute: 40,
  maxConcurrent: 10,
  accessTokenTtlSeconds: 3600,
  authorizationCodeTtlSeconds: 600,
};

const isNonNegative = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

export const mergeSettings = (
  current: EmulatorSettings,
  patch: Record<string, unknown>,
): EmulatorSettings => {
  const next = { ...current };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof EmulatorSettings)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    if (!isNonNegative(value)) throw new RangeError(`${key} must be a non-negative number`);
    next[key] = value;
  }
  return next;
};
