import { randomUUID } from 'node:crypto';
import { hashPassword } from '../crypto/password';
import type { Table } from '../db/table';
import { ForbiddenError } from '../errors';
import { type CreateUserInput, type PublicUser, toPublicUser, type User } from './user';
import { insertUser } from './user-repository';

export type CreateUserDeps = { table: Table; now: () => Date };

export const createUser = async (
  deps: CreateUserDeps,
  input: { actor: User; fields: CreateUserInput },
): Promise<PublicUser> => {
  const { password, ...fields } = input.fields;
  if (fields.role === 'admin' && input.actor.role !== 'admin') {
    throw new ForbiddenError('Only admins can create admins');
  }
  const at = deps.now().toISOString();
  const user: User = {
    ...fields,
    id: randomUUID(),
    ...(password ? { passwordHash: await hashPassword(password) } : {}),
    createdAt: at,
    updatedAt: at,
  };
  await insertUser(deps.table, user);
  return toPublicUser(user);
};
