import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import {
  indexPartitionQuery,
  REALM_LIST_PARTITION,
  realmConnectionsPartition,
  realmKey,
  realmListIndex,
  withoutKeys,
} from '../keys';
import type { QboConnection } from './qbo-connection';
import { fromConnectionItem } from './qbo-connection-repository';

/** A QuickBooks company someone connected Deskbooks to, with where its change-data-capture backstop stands. */
export type RealmRecord = {
  realmId: string;
  companyName?: string;
  /** The `changedSince` of the next CDC run: the time QuickBooks gave for the last complete one. */
  cdcCursor?: string;
  cdcRanAt?: string;
  cdcChanges?: number;
};

/** Remembers the company (keeping its cursor), so the backstop covers it. */
export const registerRealm = async (table: Table, input: { realmId: string; companyName: string }) => {
  const index = realmListIndex(input.realmId);
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: realmKey(input.realmId),
      UpdateExpression: 'SET realmId = :realmId, companyName = :name, GSI2PK = :listPk, GSI2SK = :listSk',
      ExpressionAttributeValues: {
        ':realmId': input.realmId,
        ':name': input.companyName,
        ':listPk': index.GSI2PK,
        ':listSk': index.GSI2SK,
      },
    }),
  );
};

/** Every company Deskbooks was connected to: one Query of GSI2 `REALMS`, paged. */
export const listRealms = async (table: Table): Promise<RealmRecord[]> => {
  const realms: RealmRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...indexPartitionQuery('GSI2', REALM_LIST_PARTITION),
        ExclusiveStartKey: startKey,
      }),
    );
    realms.push(...(page.Items ?? []).map((item) => withoutKeys(item) as RealmRecord));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return realms;
};

/** Where the backstop got to in the company: its next `changedSince`, when it ran, how much it found. */
export const saveCdcRun = async (
  table: Table,
  input: { realmId: string; cursor: string; ranAt: string; changes: number },
) => {
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: realmKey(input.realmId),
      UpdateExpression: 'SET cdcCursor = :cursor, cdcRanAt = :ranAt, cdcChanges = :changes',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: {
        ':cursor': input.cursor,
        ':ranAt': input.ranAt,
        ':changes': input.changes,
      },
    }),
  );
};

/**
 * The staff members' connections to a company that can still call QuickBooks, for work nobody asked
 * for (webhooks, the backstop): one Query of GSI1, a few at most.
 */
export const usableRealmConnections = async (table: Table, realmId: string): Promise<QboConnection[]> => {
  const page = await table.doc.send(
    new QueryCommand({
      TableName: table.name,
      ...indexPartitionQuery('GSI1', realmConnectionsPartition(realmId)),
      Limit: 25,
    }),
  );
  return (page.Items ?? []).map(fromConnectionItem).filter((connection) => !connection.needsReconnect);
};
