import { describe, expect, it } from 'vitest';
import type { QboItem } from '../../../../web/src/api/types';
import { suggestedQboItem, workerChoices } from '../../../../web/src/lib/billing';

const anItem = (id: string, name: string): QboItem => ({ id, name, type: 'Service' });

describe('suggesting a QuickBooks item for an unmapped catalogue entry', () => {
  const items = [anItem('1', 'Services'), anItem('2', 'Remote  Support'), anItem('3', 'Hours')];

  it('prefers the item the old "Invoice item" setting named', () => {
    expect(suggestedQboItem({ name: 'Remote support', qboItemName: 'hours' }, items)?.id).toBe('3');
  });

  it('else takes the item named like the entry, ignoring case and spacing', () => {
    expect(suggestedQboItem({ name: ' remote support ' }, items)?.id).toBe('2');
    expect(suggestedQboItem({ name: 'Remote support', qboItemName: 'Gone' }, items)?.id).toBe('2');
  });

  it('suggests nothing when no name matches', () => {
    expect(suggestedQboItem({ name: 'Toner' }, items)).toBeUndefined();
  });
});

describe('who did the work', () => {
  it('lists each person once, by name, keeping those the staff list lacks', () => {
    const staff = [
      { id: 's', name: 'Sam' },
      { id: 'a', name: 'Alex' },
    ];

    const choices = workerChoices(staff, { id: 's', name: 'Sam' }, { id: 'j', name: 'Jordan' }, undefined);

    expect(choices.map((person) => person.name)).toEqual(['Alex', 'Jordan', 'Sam']);
  });
});
