import { randomUUID } from 'node:crypto';
import type { _Record, AttributeValue as StreamsAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

// A record as GetRecords returns it, reshaped as Lambda's event source mapping hands it to a function:
// the SDK's Dates become epoch seconds and its binary values base64, as in the JSON Lambda sends.

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const toEventValue = (value: StreamsAttributeValue): AttributeValue => {
  if (value.B) return { B: base64(value.B) };
  if (value.BS) return { BS: value.BS.map(base64) };
  if (value.L) return { L: value.L.map(toEventValue) };
  if (value.M) return { M: toEventImage(value.M) };
  // The Streams client reads an empty map ({"M": {}}) as an empty value; Lambda would send the map.
  if (Object.keys(value).length === 0) return { M: {} };
  // S, N, SS, NS, BOOL and NULL are the same JSON in both.
  return value as AttributeValue;
};

const toEventImage = (image: Record<string, StreamsAttributeValue>): Record<string, AttributeValue> =>
  Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toEventValue(value)]));

export const toEventRecord = (record: _Record, streamArn: string): DynamoDBRecord => {
  const change = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: {
      ApproximateCreationDateTime: change.ApproximateCreationDateTime
        ? change.ApproximateCreationDateTime.getTime() / 1000
        : undefined,
      Keys: change.Keys && toEventImage(change.Keys),
      NewImage: change.NewImage && toEventImage(change.NewImage),
      OldImage: change.OldImage && toEventImage(change.OldImage),
      SequenceNumber: change.SequenceNumber,
      SizeBytes: change.SizeBytes,
      StreamViewType: change.StreamViewType,
    },
    eventSourceARN: streamArn,
  };
};

export const sequenceNumberOf = (record: DynamoDBRecord): string => record.dynamodb?.SequenceNumber ?? '';

const arrivalOf = (record: DynamoDBRecord | undefined) =>
  new Date((record?.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString();

/** Why the event source mapping gave records up, in Lambda's words. */
export type DeadLetterCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/**
 * What Lambda sends a stream's on-failure destination (where the records sit in the stream), plus what
 * it does not send: the records themselves and the last error, kept locally so nobody needs the stream.
 */
export type DeadLetter = {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: DeadLetterCondition;
    approximateInvokeCount: number;
  };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
  records: DynamoDBRecord[];
  error?: string;
};

export const deadLetterOf = (options: {
  functionName: string;
  streamArn: string;
  shardId: string;
  records: DynamoDBRecord[];
  condition: DeadLetterCondition;
  invokeCount: number;
  error?: string;
}): DeadLetter => {
  const { records } = options;
  const first = records[0];
  const last = records.at(-1);
  return {
    requestContext: {
      requestId: randomUUID(),
      functionArn: options.functionName,
      condition: options.condition,
      approximateInvokeCount: options.invokeCount,
    },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId: options.shardId,
      startSequenceNumber: first ? sequenceNumberOf(first) : '',
      endSequenceNumber: last ? sequenceNumberOf(last) : '',
      approximateArrivalOfFirstRecord: arrivalOf(first),
      approximateArrivalOfLastRecord: arrivalOf(last),
      batchSize: records.length,
      streamArn: options.streamArn,
    },
    records,
    ...(options.error !== undefined && { error: options.error }),
  };
};
