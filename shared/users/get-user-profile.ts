import type { Table } from '../db/table';
import { NotFoundError } from '../errors';
import { type PublicUser, toPublicUser, type User } from './user';
import { assertCanViewUser } from './user-access';
import { getUser as readUser } from './user-repository';

export const getUserProfile = async (
  deps: { table: Table },
  input: { actor: User; userId: string },
): Promise<PublicUser> => {
  const user = await readUser(deps.table, input.userId);
  if (!user) throw new NotFoundError('User');
  assertCanViewUser(input.actor, user);
  return toPublicUser(user);
};
