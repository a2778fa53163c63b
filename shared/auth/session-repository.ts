import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import { withoutKeys } from '../db/table';
import { sessionKey, sessionUserIndex, userSessionsPartition } from '../keys';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, type Session } from './session-types';

export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

const ttlOf = (session: Session) =>
  Math.ceil(Math.min(Date.parse(session.expiresAt), Date.parse(session.lastSeenAt) + SESSION_IDLE_MS) / 1000);

export const isSessionLive = (session: Session, now: Date) =>
  Date.parse(session.expiresAt) > now.getTime() &&
  Date.parse(session.lastSeenAt) + SESSION_IDLE_MS > now.getTime();

/** Creates a session and returns the raw token for the cookie; only its hash is stored. */
export const createSession = async (
  table: Table,
  input: { userId: string; mfaVerified: boolean; now: Date },
): Promise<{ token: string; session: Session }> => {
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashSessionToken(token);
  const at = input.now.toISOString();
  const session: Session = {
    tokenHash,
    userId: input.userId,
    createdAt: at,
    lastSeenAt: at,
    expiresAt: new Date(input.now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
    mfaVerified: input.mfaVerified,
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

export const getSession = async (table: Table, tokenHash: string): Promise<Session | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: sessionKey(tokenHash) }),
  );
  return Item ? (withoutKeys(Item) as Session) : undefined;
};

export const touchSession = async (table: Table, session: Session, now: Date): Promise<void> => {
  const touched = { ...session, lastSeenAt: now.toISOString() };
  await table.doc
    .send(
      new UpdateCommand({
        TableName: table.name,
        Key: sessionKey(session.tokenHash),
        UpdateExpression: 'SET lastSeenAt = :at, #ttl = :ttl',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':at': touched.lastSeenAt, ':ttl': ttlOf(touched) },
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
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':yes': true },
    }),
  );
};

export const deleteSession = async (table: Table, tokenHash: string): Promise<void> => {
  await table.doc.send(new DeleteCommand({ TableName: table.name, Key: sessionKey(tokenHash) }));
};

/** Ends every session of a user except (optionally) the one making the request. */
export const deleteUserSessions = async (
  table: Table,
  userId: string,
  options: { except?: string } = {},
): Promise<number> => {
  let deleted = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': userSessionsPartition(userId) },
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of page.Items ?? []) {
      const tokenHash = String(item.tokenHash);
      if (tokenHash === options.except) continue;
      await deleteSession(table, tokenHash);
      deleted += 1;
    }
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  return deleted;
};
