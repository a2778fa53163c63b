import { describe, expect, it } from 'vitest';
import { matchesAnyFilter } from '../../../local/event-filter';
import { QBO_EVENTS_SOURCE } from '../../../shared/event-sources';
import { qboEventKey, userKey } from '../../../shared/keys';

const recordOf = (eventName: string, keys: { PK: string; SK: string }) => ({
  eventName,
  dynamodb: { Keys: { PK: { S: keys.PK }, SK: { S: keys.SK } } },
});
const anEvent = qboEventKey('9341450000000001', '2026-03-01T09:00:00Z', 'e1');

describe('the QBO events filter, as the local poller applies it', () => {
  it('lets a new inbox event through', () => {
    expect(matchesAnyFilter(recordOf('INSERT', anEvent), QBO_EVENTS_SOURCE.filters)).toBe(true);
  });

  it.each([
    ['a change to an event', recordOf('MODIFY', anEvent)],
    ['a removed event', recordOf('REMOVE', anEvent)],
    ['a new item of another kind', recordOf('INSERT', userKey('u1'))],
    ['a record without keys', { eventName: 'INSERT' }],
  ])('leaves out %s', (_what, record) => {
    expect(matchesAnyFilter(record, QBO_EVENTS_SOURCE.filters)).toBe(false);
  });

  it('lets a record through when any one of several filters matches', () => {
    const filters = [{ eventName: ['REMOVE'] }, { eventName: ['INSERT', 'MODIFY'] }];

    expect(matchesAnyFilter(recordOf('MODIFY', anEvent), filters)).toBe(true);
  });
});
