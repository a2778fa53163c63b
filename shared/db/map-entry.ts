import type { LeaseUpdate } from './lease';

/**
 * Sets `attribute[entryKey] = value` on an item read just before (and held under its lease, so it
 * has not changed since): a nested path when the map exists, else the whole map (DynamoDB cannot
 * set a path inside a map that does not exist yet).
 */
export const setMapEntry = (
  current: Record<string, unknown>,
  attribute: string,
  entryKey: string,
  value: unknown,
): LeaseUpdate & { set: string[] } =>
  current[attribute] && typeof current[attribute] === 'object'
    ? {
        set: ['#map.#entry = :entry'],
        names: { '#map': attribute, '#entry': entryKey },
        values: { ':entry': value },
      }
    : { set: ['#map = :map'], names: { '#map': attribute }, values: { ':map': { [entryKey]: value } } };
