import { describe, expect, it } from 'vitest';
import { inList } from '../../../../shared/qbo/qbo-query';

describe('an IN list for a QuickBooks query', () => {
  it('quotes each value, escaping quotes and backslashes', () => {
    expect(inList(['58', "O'Brien", 'a\\b'])).toBe("IN ('58', 'O\\'Brien', 'a\\\\b')");
  });

  it('refuses an empty list, which QuickBooks cannot parse', () => {
    expect(() => inList([])).toThrow(/at least one value/);
  });
});
