import { describe, expect, it } from 'vitest';
import type { Role } from '../../../../web/src/api/types';
import { assignableRoles, canEditUser } from '../../../../web/src/lib/roles';

describe('what the UI offers each role', () => {
  it('lets staff create staff and customers, but not admins', () => {
    expect(assignableRoles({ role: 'staff' })).toEqual(['customer', 'staff']);
    expect(assignableRoles({ role: 'admin' })).toContain('admin');
  });

  it.each([
    ['admin', 'staff', false, true],
    ['staff', 'customer', false, true],
    ['staff', 'staff', true, true],
    ['staff', 'staff', false, false],
    ['staff', 'admin', false, false],
    ['customer', 'customer', true, false],
  ] as [Role, Role, boolean, boolean][])(
    '%s editing a %s (self: %s) shows Edit: %s',
    (actor, target, self, shown) => {
      expect(canEditUser({ id: 'a', role: actor }, { id: self ? 'a' : 'b', role: target })).toBe(shown);
    },
  );
});
