import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from '../db/table';
import { ConflictError } from '../errors';
import { ITEM_IS_NEW, settingsKey, withoutKeys } from '../keys';
import { DEFAULT_SETTINGS, type Settings } from './settings';

export const getSettings = async (table: Table): Promise<Settings> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: settingsKey(), ConsistentRead: true }),
  );
  return settingsFromItem(Item);
};

export const settingsFromItem = (item: Record<string, unknown> | undefined): Settings => {
  if (!item) return DEFAULT_SETTINGS;
  const stored = withoutKeys(item) as Settings;
  // Settings added later get their defaults until an admin saves them.
  return {
    ...stored,
    qbo: { ...DEFAULT_SETTINGS.qbo, ...stored.qbo },
    billing: { ...DEFAULT_SETTINGS.billing, ...stored.billing },
    security: { ...DEFAULT_SETTINGS.security, ...stored.security },
  };
};

/** Writes the next version only if nobody saved another since `expectedVersion`. */
export const putSettings = async (table: Table, next: Settings, expectedVersion: number): Promise<void> => {
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...settingsKey(), ...next },
        ConditionExpression: expectedVersion === 0 ? `${ITEM_IS_NEW} OR version = :v` : 'version = :v',
        ExpressionAttributeValues: { ':v': expectedVersion },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new ConflictError('Settings were changed by someone else; reload and try again');
    }
    throw error;
  }
};
