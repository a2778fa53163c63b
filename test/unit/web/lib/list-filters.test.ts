import { describe, expect, it } from 'vitest';
import { filteredPath, filterOptions, pickOption } from '../../../../web/src/lib/list-filters';

const STATES = ['paid', 'unpaid'] as const;

describe('a filter read from the URL', () => {
  it('keeps a value the filter offers', () => {
    expect(pickOption('paid', STATES)).toBe('paid');
  });

  it.each([['PAID'], ['refunded'], [''], [undefined]])('treats %j as no filter', (value) => {
    expect(pickOption(value, STATES)).toBe('');
  });
});

describe('a filtered list’s address', () => {
  it('carries each chosen filter, in order', () => {
    expect(filteredPath('/issues', { status: 'open', billing: 'paid' })).toBe(
      '/issues?status=open&billing=paid',
    );
  });

  it('leaves out the filters set to "any"', () => {
    expect(filteredPath('/issues', { status: '', billing: 'overdue' })).toBe('/issues?billing=overdue');
    expect(filteredPath('/issues', { status: '', billing: undefined })).toBe('/issues');
  });

  it('escapes what it carries', () => {
    expect(filteredPath('/users', { q: 'a&b c' })).toBe('/users?q=a%26b+c');
  });
});

describe('a filter’s choices', () => {
  it('offers "any" first, then each value in its words', () => {
    expect(filterOptions('All', STATES, { paid: 'Paid', unpaid: 'Unpaid' })).toEqual([
      { value: '', label: 'All' },
      { value: 'paid', label: 'Paid' },
      { value: 'unpaid', label: 'Unpaid' },
    ]);
  });
});
