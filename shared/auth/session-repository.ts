import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import {
  ITEM_EXISTS,
  indexPartitionQuery,
  sessionKey,
  sessionUserIndex,
  userSessionsPartition,
  withoutKeys,
} from '../keys';
import { type ClientInfo, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, type Session } from './session-types';

export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The id a session is shown and revoked by. Derived from the stored hash (so every session has one),
 * one way, so the list a user sees never holds what the sign-in gate looks sessions up by.
 */
export const sessionIdOf = (tokenHash: string) =>
  createHash('sha256').update(`session-id:${tokenHash}`).digest('hex').slice(0, 32);

const ttlOf = (session: Session) =>
  Math.ceil(Math.min(Date.parse(session.expiresAt), Date.parse(session.lastSeenAt) + SESSION_IDLE_MS) / 1000);

export const isSessionLive = (session: Session, now: Date) =>
  Date.parse(session.expiresAt) > now.getTime() &&
  Date.parse(session.lastSeenAt) + SESSION_IDLE_MS > now.getTime();

// A token is `<user id>.<256 random bits>`: the random part is the secret; the user id lets the
// sign-in gate read the session and its user in one round trip. Only the whole token's hash is stored.
const TOKEN_SEPARATOR = '.';

/** The user a session token claims to belong to (the gate checks the stored session agrees). */
export const sessionTokenOwner = (token: string): string | undefined => {
  const [userId, secret, ...rest] = token.split(TOKEN_SEPARATOR);
  return userId && secret && rest.length === 0 && /^[0-9a-f-]{36}$/.test(userId) ? userId : undefined;
};

/** Creates a session and returns the raw token for the cookie; only its hash is stored. */
export const createSession = async (
  table: Table,
  input: { userId: string; mfaVerified: boolean; client: ClientInfo; now: Date },
): Promise<{ token: string; session: Session }> => {
  const token = `${input.userId}${TOKEN_SEPARATOR}${randomBytes(32).toString('base64url')}`;
  const tokenHash = hashSessionToken(token);
  const at = input.now.toISOString();
  const session: Session = {
    tokenHash,
    userId: input.userId,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: new Date(input.now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
    mfaVerified: input.mfaVerified,
    address: input.client.address,
    userAgent: input.client.userAgent,
  };
  await table.doc.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...sessionKey(tokenHash),
        ...sessionUserIndex(input.userId, tokenHash),
        ...session,
        ttl: ttlOf(session),
      },
    }),
  );
  return { token, session };
};

export const sessionFromItem = (item: Record<string, unknown>) => withoutKeys(item) as Session;

export const touchSession = async (
  table: Table,
  session: Session,
  input: { now: Date; address: string },
): Promise<void> => {
  const touched = { ...session, lastSeenAt: input.now.toISOString() };
  await table.doc
    .send(
      new UpdateCommand({
        TableName: table.name,
        Key: sessionKey(session.tokenHash),
        UpdateExpression: 'SET lastSeenAt = :at, lastSeenAddress = :address, #ttl = :ttl',
        ConditionExpression: ITEM_EXISTS,
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':at': touched.lastSeenAt,
          ':address': input.address,
          ':ttl': ttlOf(touched),
        },
      }),
    )
    .catch(() => undefined);
};

export const markSessionMfaVerified = async (table: Table, tokenHash: string): Promise<void> => {
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: sessionKey(tokenHash),
      UpdateExpression: 'SET mfaVerified = :yes',
      ConditionExpression: ITEM_EXISTS,
      ExpressionAttributeValues: { ':yes': true },
    }),
  );
};

export const deleteSession = async (table: Table, tokenHash: string): Promise<void> => {
  await table.doc.send(new DeleteCommand({ TableName: table.name, Key: sessionKey(tokenHash) }));
};

/** Every stored session of a user (ended ones too, until TTL removes them), one Query per page. */
export const listUserSessions = async (table: Table, userId: string): Promise<Session[]> => {
  const sessions: Session[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...indexPartitionQuery('GSI1', userSessionsPartition(userId)),
        ExclusiveStartKey: cursor,
      }),
    );
    sessions.push(...(page.Items ?? []).map(sessionFromItem));
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return sessions;
};

/** Ends every session of a user except (optionally) the one making the request. */
export const deleteUserSessions = async (
  table: Table,
  userId: string,
  options: { except?: string } = {},
): Promise<number> => {
  const ending = (await listUserSessions(table, userId)).filter(
    (session) => session.tokenHash !== options.except,
  );
  await Promise.all(ending.map((session) => deleteSession(table, session.tokenHash)));
  return ending.length;
};
