import { describe, expect, it } from 'vitest';
import type { SyncFailure } from '../../../../web/src/api/types';
import {
  canActOnFailure,
  failureContext,
  withFailure,
  withoutFailure,
} from '../../../../web/src/lib/sync-failures';

const aFailure = (overrides: Partial<SyncFailure> = {}): SyncFailure => ({
  id: 'customer.u-1.9341450000000001',
  kind: 'customer',
  subjectId: 'u-1',
  realmId: '9341450000000001',
  companyName: 'Sandbox Company US 1',
  failedAt: '2026-03-01T10:00:00.000Z',
  actorId: 'staff-1',
  actorName: 'Sam Staff',
  code: 'qbo_error',
  message: 'QuickBooks: Duplicate Name Exists Error',
  intuitTid: '1-abc',
  subject: { label: 'Grace Hopper', path: '/users/u-1' },
  ...overrides,
});

describe('a failed sync', () => {
  it('can be retried or dismissed by an admin or by whoever ran the sync, not by other staff', () => {
    const failure = aFailure();

    expect(canActOnFailure({ id: 'admin-1', role: 'admin' }, failure)).toBe(true);
    expect(canActOnFailure({ id: 'staff-1', role: 'staff' }, failure)).toBe(true);
    expect(canActOnFailure({ id: 'staff-2', role: 'staff' }, failure)).toBe(false);
  });

  it('says who ran it and with which company, or the realm when the company name is unknown', () => {
    expect(failureContext(aFailure())).toBe('by Sam Staff with Sandbox Company US 1');
    expect(failureContext(aFailure({ actorName: undefined, companyName: undefined }))).toBe(
      'with 9341450000000001',
    );
  });

  it('leaves the list once gone, and is replaced in place once it failed again', () => {
    const first = aFailure();
    const second = aFailure({ id: 'invoice.42.9341450000000001', kind: 'invoice', subjectId: '42' });
    const again = { ...first, message: 'QuickBooks: something else' };

    expect(withoutFailure([first, second], first.id)).toEqual([second]);
    expect(withFailure([first, second], again)).toEqual([again, second]);
  });
});
