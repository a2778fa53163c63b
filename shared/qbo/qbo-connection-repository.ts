import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { acquireLease } from '../db/lease';
import { isConditionFailure, type Table, withoutKeys } from '../db/table';
import { qboConnectionKey } from '../keys';
import type { QboConnection } from './qbo-connection';

export const getQboConnection = async (
  table: Table,
  userId: string,
  options: { consistent?: boolean } = {},
): Promise<QboConnection | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({
      TableName: table.name,
      Key: qboConnectionKey(userId),
      ConsistentRead: options.consistent,
    }),
  );
  return Item ? (withoutKeys(Item) as QboConnection) : undefined;
};

export const putQboConnection = async (table: Table, connection: QboConnection): Promise<void> => {
  await table.doc.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...qboConnectionKey(connection.userId), ...connection },
    }),
  );
};

export const deleteQboConnection = async (table: Table, userId: string): Promise<void> => {
  await table.doc.send(new DeleteCommand({ TableName: table.name, Key: qboConnectionKey(userId) }));
};

/**
 * Takes the refresh lease if the connection is still at `version` and nobody else holds a live
 * lease. Only the lease holder may spend the refresh token, so it is spent once.
 */
export const acquireRefreshLease = (
  table: Table,
  connection: QboConnection,
  lease: { holder: string; until: Date; now: Date },
): Promise<boolean> =>
  acquireLease(table, qboConnectionKey(connection.userId), 'refreshLease', lease, {
    condition: 'version = :version',
    values: { ':version': connection.version },
  });

/** Stores the rotated tokens (next version) and releases the lease, if this holder still has it. */
export const saveRefreshedTokens = async (
  table: Table,
  next: QboConnection,
  holder: string,
): Promise<boolean> => {
  const { refreshLease: _lease, ...connection } = next;
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...qboConnectionKey(next.userId), ...connection },
        ConditionExpression: 'refreshLease.holder = :holder AND version = :previous',
        ExpressionAttributeValues: { ':holder': holder, ':previous': next.version - 1 },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** Marks the connection unusable (Intuit refused its refresh token) unless it changed meanwhile. */
export const markNeedsReconnect = async (
  table: Table,
  connection: QboConnection,
  needsReconnect: { reason: string; at: string },
): Promise<void> => {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: qboConnectionKey(connection.userId),
        UpdateExpression: 'SET needsReconnect = :why REMOVE refreshLease',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':why': needsReconnect, ':version': connection.version },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};
