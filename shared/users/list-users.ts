import type { Table } from '../db/table';
import { type PublicUser, toPublicUser } from './user';
import { type ListUsersQuery, listUsers as queryUsers } from './user-repository';

export const listUsers = async (
  deps: { table: Table },
  query: ListUsersQuery,
): Promise<{ items: PublicUser[]; nextCursor?: string }> => {
  const page = await queryUsers(deps.table, query);
  return { items: page.items.map(toPublicUser), nextCursor: page.nextCursor };
};
