import { ForbiddenError } from '../errors';
import type { User } from './user';

const isStaff = (user: User) => user.role === 'admin' || user.role === 'staff';

/** Customers see only themselves; staff and admins see everyone. */
export const assertCanViewUser = (actor: User, target: User) => {
  if (!isStaff(actor) && actor.id !== target.id)
    throw new ForbiddenError('You can only see your own profile');
};

/**
 * Staff manage customers and their own profile; anything touching another staff or admin account
 * (a password reset there would take it over) and every role change is for admins.
 */
export const assertCanEditUser = (
  actor: User,
  target: User,
  changes: { role?: unknown; enabled?: unknown },
) => {
  if (actor.role === 'admin') return;
  if (!isStaff(actor)) throw new ForbiddenError();
  if (changes.role !== undefined && changes.role !== target.role) {
    throw new ForbiddenError('Only admins can change roles');
  }
  if (target.role !== 'customer' && target.id !== actor.id) {
    throw new ForbiddenError('Only admins can edit staff and admin accounts');
  }
  if (target.id === actor.id && changes.enabled === false) {
    throw new ForbiddenError('You cannot disable your own account');
  }
};
