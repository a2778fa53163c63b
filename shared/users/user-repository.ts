import {
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { getItems } from '../db/batch-get';
import { withoutLease } from '../db/lease';
import { queryPage } from '../db/query-page';
import { isConditionFailure, type Table } from '../db/table';
import { toUpdateExpression } from '../db/update-expression';
import { ConflictError } from '../errors';
import {
  emailGuardKey,
  ITEM_EXISTS,
  ITEM_IS_NEW,
  USER_LIST_PARTITION,
  userKey,
  userListIndex,
  withoutKeys,
} from '../keys';
import type { Role } from './role';
import type { User } from './user';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const emailTakenError = () =>
  new ConflictError('A user with this email already exists', {
    fieldErrors: { email: ['A user with this email already exists'] },
  });

const searchTextOf = (user: Pick<User, 'name' | 'email'>) => `${user.name} ${user.email}`.toLowerCase();

const toItem = (user: User) => ({
  ...userKey(user.id),
  ...userListIndex(user.name, user.id),
  ...user,
  searchText: searchTextOf(user),
});

export const userFromItem = (item: Record<string, unknown>): User => {
  const { searchText: _searchText, ...user } = withoutLease(withoutKeys(item));
  return user as User;
};
const fromItem = userFromItem;

export const getUser = async (
  table: Table,
  userId: string,
  options: { consistent?: boolean } = {},
): Promise<User | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: userKey(userId), ConsistentRead: options.consistent }),
  );
  return Item ? fromItem(Item) : undefined;
};

/** One BatchGetItem per 100 ids (duplicates allowed); missing users are left out. */
export const getUsers = async (table: Table, userIds: string[]): Promise<Map<string, User>> => {
  const items = await getItems(table, userIds.map(userKey));
  const users = [...items.values()].map(fromItem);
  return new Map(users.map((user) => [user.id, user]));
};

export const findUserIdByEmail = async (table: Table, email: string): Promise<string | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: emailGuardKey(email), ConsistentRead: true }),
  );
  return Item ? String(Item.userId) : undefined;
};

/** Creates the user and claims its email in one transaction, so two users can never share an email. */
export const insertUser = async (table: Table, user: User): Promise<void> => {
  try {
    await table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table.name,
              Item: { ...emailGuardKey(user.email), userId: user.id },
              ConditionExpression: ITEM_IS_NEW,
            },
          },
          {
            Put: {
              TableName: table.name,
              Item: toItem(user),
              ConditionExpression: ITEM_IS_NEW,
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw emailTakenError();
    throw error;
  }
};

/**
 * Saves changed profile fields. The write is conditional on the `updatedAt` the caller read, so two
 * editors cannot silently overwrite each other; an email change moves the email guard in the same transaction.
 */
export const saveUserProfile = async (
  table: Table,
  before: User,
  patch: Partial<Record<keyof User, unknown>>,
): Promise<void> => {
  const merged = { ...before, ...patch } as User;
  const update = toUpdateExpression({
    ...patch,
    ...userListIndex(merged.name, merged.id),
    searchText: searchTextOf(merged),
  });
  const updateUser: TransactItem = {
    Update: {
      TableName: table.name,
      Key: userKey(before.id),
      UpdateExpression: update.expression,
      ConditionExpression: 'updatedAt = :expectedUpdatedAt',
      ExpressionAttributeNames: update.names,
      ExpressionAttributeValues: { ...update.values, ':expectedUpdatedAt': before.updatedAt },
    },
  };
  const emailChanged = typeof patch.email === 'string' && patch.email !== before.email;
  const items: TransactItem[] = emailChanged
    ? [
        updateUser,
        {
          Put: {
            TableName: table.name,
            Item: { ...emailGuardKey(String(patch.email)), userId: before.id },
            ConditionExpression: ITEM_IS_NEW,
          },
        },
        {
          Delete: {
            TableName: table.name,
            Key: emailGuardKey(before.email),
            ConditionExpression: 'userId = :userId',
            ExpressionAttributeValues: { ':userId': before.id },
          },
        },
      ]
    : [updateUser];
  try {
    await table.doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if (emailChanged && reasons?.[1]?.Code === 'ConditionalCheckFailed') throw emailTakenError();
    throw new ConflictError('This user was changed by someone else; reload and try again');
  }
};

/** Updates attributes that are not part of the profile (QBO links, MFA state) without touching others. */
export const updateUserAttributes = async (
  table: Table,
  userId: string,
  update: {
    expression: string;
    names?: Record<string, string>;
    values?: Record<string, unknown>;
    condition?: string;
  },
): Promise<User> => {
  const result = await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: userKey(userId),
      UpdateExpression: update.expression,
      ConditionExpression: update.condition ? `${ITEM_EXISTS} AND (${update.condition})` : ITEM_EXISTS,
      ExpressionAttributeNames: update.names,
      ExpressionAttributeValues: update.values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return fromItem(result.Attributes ?? {});
};

export type ListUsersQuery = { search?: string; role?: Role; limit: number; cursor?: string };

/** Users by name, one Query on the user list index; search and role narrow it server-side. */
export const listUsers = async (
  table: Table,
  query: ListUsersQuery,
): Promise<{ items: User[]; nextCursor?: string }> => {
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  if (query.search) {
    filters.push('contains(searchText, :search)');
    values[':search'] = query.search.toLowerCase();
  }
  if (query.role) {
    filters.push('#role = :role');
    values[':role'] = query.role;
  }
  const page = await queryPage(table, {
    indexName: 'GSI2',
    partition: USER_LIST_PARTITION,
    filter: filters.length
      ? { expression: filters.join(' AND '), names: query.role ? { '#role': 'role' } : undefined, values }
      : undefined,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.rows.map(fromItem), nextCursor: page.nextCursor };
};
