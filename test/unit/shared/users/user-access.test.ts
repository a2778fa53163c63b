import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../../shared/errors';
import type { Role } from '../../../../shared/users/role';
import type { User } from '../../../../shared/users/user';
import { assertCanEditUser, assertCanViewUser } from '../../../../shared/users/user-access';

const user = (id: string, role: Role) => ({ id, role }) as User;

describe('who may see and edit a user', () => {
  it.each([
    ['admin', 'staff', {}, true],
    ['admin', 'admin', { role: 'staff' }, true],
    ['staff', 'customer', { enabled: true }, true],
    ['staff', 'customer', { role: 'staff' }, false],
    ['staff', 'staff', { name: 'x' }, false],
    ['staff', 'admin', { password: 'x' }, false],
    ['customer', 'customer', {}, false],
  ] as const)('%s editing a %s with %o: allowed=%s', (actorRole, targetRole, changes, allowed) => {
    const check = () =>
      assertCanEditUser(user('a', actorRole), user('b', targetRole), changes as Record<string, unknown>);

    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow(ForbiddenError);
  });

  it('lets staff edit their own profile but not disable themselves', () => {
    const staff = user('s', 'staff');

    expect(() => assertCanEditUser(staff, staff, { name: 'New' } as never)).not.toThrow();
    expect(() => assertCanEditUser(staff, staff, { enabled: false })).toThrow(ForbiddenError);
  });

  it('lets a customer see only themselves', () => {
    const customer = user('c', 'customer');

    expect(() => assertCanViewUser(customer, customer)).not.toThrow();
    expect(() => assertCanViewUser(customer, user('d', 'customer'))).toThrow(ForbiddenError);
  });
});
