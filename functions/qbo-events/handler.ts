import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { budgetFromLambda } from '../../shared/platform/time-budget';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { changeFromItem } from '../../shared/qbo-events/event-inbox';
import { processChanges } from '../../shared/qbo-events/process-changes';

/**
 * The worker: the table's stream hands it the new events of the inbox (the event source mapping's
 * filter lets only those through). Failed changes are reported by sequence number, so only they are retried.
 */
export const handler = async (
  event: DynamoDBStreamEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<DynamoDBBatchResponse> => {
  const records = event.Records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    const sequence = record.dynamodb?.SequenceNumber;
    return image && sequence
      ? [{ sequence, change: changeFromItem(unmarshall(image as Record<string, AttributeValue>)) }]
      : [];
  });
  const deps = await qboRuntime();
  const { failed } = await processChanges(
    deps,
    records.map((record) => record.change),
    budgetFromLambda(context),
  );
  const failedIds = new Set(failed.map((change) => change.eventId));
  return {
    batchItemFailures: records
      .filter((record) => failedIds.has(record.change.eventId))
      .map((record) => ({ itemIdentifier: record.sequence })),
  };
};
