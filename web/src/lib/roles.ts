import type { PublicUser, Role } from '../api/types';

/** Staff and admins work issues and manage users; customers only see their own things. */
export const isStaff = (user: Pick<PublicUser, 'role'>): boolean =>
  user.role === 'admin' || user.role === 'staff';

export const isAdmin = (user: Pick<PublicUser, 'role'>): boolean => user.role === 'admin';

/** Mirrors the server's rule: staff edit customers and themselves; admins edit anyone. */
export const canEditUser = (
  actor: Pick<PublicUser, 'id' | 'role'>,
  target: Pick<PublicUser, 'id' | 'role'>,
) => actor.role === 'admin' || (isStaff(actor) && (target.role === 'customer' || target.id === actor.id));

/** Roles a user may hand out when creating someone: staff cannot create admins. */
export const assignableRoles = (actor: Pick<PublicUser, 'role'>): Role[] =>
  actor.role === 'admin' ? ['customer', 'staff', 'admin'] : ['customer', 'staff'];
