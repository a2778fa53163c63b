import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type HeldLease,
  LEASE_ATTRIBUTE,
  leaseHolderCondition,
  tryTakeLease,
  withoutLease,
} from '../db/lease';
import { isConditionFailure, type Table } from '../db/table';
import { qboConnectionKey, realmConnectionIndex, withoutKeys } from '../keys';
import type { TimeBudget } from '../platform/time-budget';
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
  return Item ? fromConnectionItem(Item) : undefined;
};

export const putQboConnection = async (table: Table, connection: QboConnection): Promise<void> => {
  await table.doc.send(
    new PutCommand({
      TableName: table.name,
      Item: connectionItem(connection),
    }),
  );
};

const connectionItem = (connection: QboConnection) => ({
  ...qboConnectionKey(connection.userId),
  ...realmConnectionIndex(connection.realmId, connection.userId),
  ...connection,
});

export const deleteQboConnection = async (table: Table, userId: string): Promise<void> => {
  await table.doc.send(new DeleteCommand({ TableName: table.name, Key: qboConnectionKey(userId) }));
};

/**
 * Takes the refresh lease if the connection is still at `version` and nobody else holds a live
 * lease, returning the connection as stored now. Only the lease holder may spend the refresh token.
 */
export const takeRefreshLease = (table: Table, connection: QboConnection, now: Date, budget: TimeBudget) =>
  tryTakeLease(table, qboConnectionKey(connection.userId), {
    now,
    budget,
    also: { condition: 'version = :version', values: { ':version': connection.version } },
  });

export const fromConnectionItem = (item: Record<string, unknown>) =>
  withoutLease(withoutKeys(item)) as QboConnection;

/** Stores the rotated tokens (next version), which gives the lease back, if this holder still has it. */
export const saveRefreshedTokens = async (
  table: Table,
  next: QboConnection,
  lease: HeldLease,
): Promise<boolean> => {
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: connectionItem(next),
        ...leaseHolderCondition(lease),
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
        UpdateExpression: 'SET needsReconnect = :why REMOVE #lease',
        ExpressionAttributeNames: { '#lease': LEASE_ATTRIBUTE },
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':why': needsReconnect, ':version': connection.version },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};
