import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import {
  ITEM_EXISTS,
  ITEM_IS_NEW,
  indexPartitionQuery,
  JOB_ITEM_SK_PREFIX,
  JOB_SK,
  jobItemKey,
  jobKey,
  jobListIndex,
  jobListPartition,
  partitionQuery,
  withoutKeys,
} from '../keys';
import type { Job, JobItem, JobKind, JobState, SubjectResult } from './job';

const isConditionFailure = (error: unknown) =>
  (error as { name?: string }).name === 'ConditionalCheckFailedException';

const jobFromItem = (item: Record<string, unknown>) => withoutKeys(item) as Job;
const jobItemFromItem = (item: Record<string, unknown>) => withoutKeys(item) as JobItem;

export const insertJob = async (table: Table, job: Job): Promise<void> => {
  await table.doc.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...jobKey(job.id), ...jobListIndex(job.kind, job.createdAt, job.id), ...job },
      ConditionExpression: ITEM_IS_NEW,
    }),
  );
};

/** The job and all its items: one Query on the job's partition. */
export const getJobWithItems = async (
  table: Table,
  jobId: string,
): Promise<{ job: Job; items: JobItem[] } | undefined> => {
  let job: Job | undefined;
  const items: JobItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...partitionQuery(jobKey(jobId)),
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const row of page.Items ?? []) {
      if (row.SK === JOB_SK) job = jobFromItem(row);
      else if (String(row.SK).startsWith(JOB_ITEM_SK_PREFIX)) items.push(jobItemFromItem(row));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return job && { job, items };
};

/** The newest job of a kind (the page shows it after a reload), from the job list index. */
export const latestJob = async (table: Table, kind: JobKind): Promise<Job | undefined> => {
  const page = await table.doc.send(
    new QueryCommand({
      TableName: table.name,
      ...indexPartitionQuery('GSI2', jobListPartition(kind)),
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  const row = page.Items?.[0];
  return row && jobFromItem(row);
};

/** Writes an item once: a retried plan or continuation finds it there and leaves it. */
export const insertJobItem = async (table: Table, item: JobItem): Promise<void> => {
  try {
    await table.doc.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...jobItemKey(item.jobId, item.itemNumber), ...item },
        ConditionExpression: ITEM_IS_NEW,
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
};

export const recordSubjectResult = async (
  table: Table,
  item: Pick<JobItem, 'jobId' | 'itemNumber'>,
  subjectId: string,
  result: SubjectResult,
): Promise<void> => {
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: jobItemKey(item.jobId, item.itemNumber),
      UpdateExpression: 'SET results.#subject = :result',
      ExpressionAttributeNames: { '#subject': subjectId },
      ExpressionAttributeValues: { ':result': result },
    }),
  );
};

/** Takes the next item number for a continuation of `item`, and points the item at it. */
export const continueJobItem = async (table: Table, item: JobItem, subjects: string[]): Promise<void> => {
  const taken = await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: jobKey(item.jobId),
      UpdateExpression: 'ADD itemCount :one',
      ConditionExpression: ITEM_EXISTS,
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const itemNumber = Number(taken.Attributes?.itemCount);
  await insertJobItem(table, { jobId: item.jobId, itemNumber, subjects, results: {} });
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: jobItemKey(item.jobId, item.itemNumber),
      UpdateExpression: 'SET continuedIn = :next',
      ExpressionAttributeValues: { ':next': itemNumber },
    }),
  );
};

/**
 * Moves the job from one state to another, setting the given fields; false when it was not in `from`
 * (cancelled meanwhile, or another worker got there first).
 */
export const moveJob = async (
  table: Table,
  jobId: string,
  from: readonly JobState[],
  to: JobState,
  fields: Partial<Job> = {},
): Promise<boolean> => {
  const set = Object.keys(fields).map((name, index) => [`#f${index}`, `:f${index}`, name] as const);
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: jobKey(jobId),
        UpdateExpression: `SET #state = :to${set.map(([name, value]) => `, ${name} = ${value}`).join('')}`,
        ConditionExpression: `#state IN (${from.map((_, index) => `:from${index}`).join(', ')})`,
        ExpressionAttributeNames: {
          '#state': 'state',
          ...Object.fromEntries(set.map(([name, , field]) => [name, field])),
        },
        ExpressionAttributeValues: {
          ':to': to,
          ...Object.fromEntries(from.map((state, index) => [`:from${index}`, state])),
          ...Object.fromEntries(set.map(([, value, field]) => [value, fields[field as keyof Job]])),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};
