import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { planJob, runJobItem } from '../../shared/jobs/run-job';
import { parseJobKey } from '../../shared/keys';
import { budgetFromLambda } from '../../shared/platform/time-budget';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';

/**
 * The jobs worker: the table's stream hands it each new job (to plan) and each new item of a job (to
 * work). It reads them by their keys (both re-read what they need, consistently). A record that throws
 * is reported by sequence number, so Lambda retries from it.
 */
export const handler = async (
  event: DynamoDBStreamEvent,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<DynamoDBBatchResponse> => {
  const deps = await qboRuntime();
  const budget = budgetFromLambda(context);
  const failed: string[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      const keys = record.dynamodb?.Keys;
      const sequence = record.dynamodb?.SequenceNumber;
      if (!keys?.PK?.S || !keys.SK?.S || !sequence) return;
      const { jobId, itemNumber } = parseJobKey({ PK: keys.PK.S, SK: keys.SK.S });
      try {
        if (itemNumber === undefined) await planJob(deps, jobId);
        else await runJobItem(deps, { jobId, itemNumber }, budget);
      } catch (error) {
        deps.log.error('job record failed', { error, jobId, itemNumber });
        failed.push(sequence);
      }
    }),
  );
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
};
