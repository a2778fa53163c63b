import type { FilterPattern, FilterRule } from '../shared/event-sources';

// Lambda's event filtering, for the part of its pattern syntax shared/event-sources.ts uses: a field
// names either a nested pattern or a list of rules, any one of which its value must satisfy.

const isRuleList = (value: FilterPattern | readonly FilterRule[]): value is readonly FilterRule[] =>
  Array.isArray(value);

const fieldOf = (value: unknown, field: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;

const satisfies = (value: unknown, rule: FilterRule): boolean =>
  typeof rule === 'string' ? value === rule : typeof value === 'string' && value.startsWith(rule.prefix);

const matchesPattern = (value: unknown, pattern: FilterPattern): boolean =>
  Object.entries(pattern).every(([field, expected]) => {
    const actual = fieldOf(value, field);
    return isRuleList(expected)
      ? expected.some((rule) => satisfies(actual, rule))
      : matchesPattern(actual, expected);
  });

/** Whether Lambda would hand this record to the function: it matches at least one of the filters. */
export const matchesAnyFilter = (record: unknown, filters: readonly FilterPattern[]): boolean =>
  filters.some((pattern) => matchesPattern(record, pattern));
