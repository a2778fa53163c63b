import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from '../db/table';
import { ITEM_IS_NEW, qboEventKey, webhookStatusKey, withoutKeys } from '../keys';
import type { QboChange } from './qbo-change';

// The inbox: every change QuickBooks reports is written once; the table's stream hands each new one
// to the worker (functions/qbo-events). Kept two weeks, longer than Intuit retries a delivery.
const RETENTION_SECONDS = 14 * 24 * 60 * 60;
// A delivery may carry minutes of changes: written well inside Intuit's 3 seconds.
const PARALLEL_WRITES = 100;

const writeOnce = async (table: Table, change: QboChange, now: Date): Promise<boolean> => {
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...qboEventKey(change.realmId, change.occurredAt, change.eventId),
          ...change,
          receivedAt: now.toISOString(),
          ttl: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
        },
        ConditionExpression: ITEM_IS_NEW,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/** Records each change once: a repeated delivery of the same event writes nothing. */
export const recordChanges = async (
  table: Table,
  changes: readonly QboChange[],
  now: Date,
): Promise<{ recorded: number; repeated: number }> => {
  let recorded = 0;
  for (let start = 0; start < changes.length; start += PARALLEL_WRITES) {
    const written = await Promise.all(
      changes.slice(start, start + PARALLEL_WRITES).map((change) => writeOnce(table, change, now)),
    );
    recorded += written.filter(Boolean).length;
  }
  return { recorded, repeated: changes.length - recorded };
};

export const changeFromItem = (item: Record<string, unknown>): QboChange => {
  const { realmId, entity, entityId, operation, occurredAt, eventId, source, mergedFromId } = withoutKeys(
    item,
  ) as QboChange;
  return {
    realmId,
    entity,
    entityId,
    operation,
    occurredAt,
    eventId,
    source,
    ...(mergedFromId ? { mergedFromId } : {}),
  };
};

export type WebhookStatus = { lastReceivedAt?: string; deliveries?: number; events?: number };

/** What Settings → QBO shows: when the last delivery came, and how many so far. */
export const noteWebhookDelivery = async (table: Table, input: { at: Date; events: number }) => {
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: webhookStatusKey(),
      UpdateExpression: 'SET lastReceivedAt = :at ADD deliveries :one, events :events',
      ExpressionAttributeValues: { ':at': input.at.toISOString(), ':one': 1, ':events': input.events },
    }),
  );
};
