// Builders for unit tests that mock DynamoDB with aws-sdk-client-mock: the table, DynamoDB's
// refusals as the SDK raises them, and the lease answers of a conditional UpdateItem.
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import type { Table } from '../../../shared/db/table';

export type DynamoMock = AwsClientStub<DynamoDBDocumentClient>;

export const testTable = (): Table => ({
  doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' })),
  name: 'test',
});

/** DynamoDB mocked at the document client (`reset()` it in beforeEach), and a table to send to it. */
export const mockedTable = () => ({ ddb: mockClient(DynamoDBDocumentClient), table: testTable() });

/** DynamoDB's refusal of a condition; `item` is the item as it stands (ReturnValuesOnConditionCheckFailure ALL_OLD). */
export const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item ? { Item: marshall(item, { removeUndefinedValues: true }) } : {}),
  });

/** A cancelled TransactWriteItems, one reason code per item ('None' or 'ConditionalCheckFailed'). */
export const transactionCancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** A lease another request holds for another minute. */
export const leaseHeldByAnother = (now: Date) => ({
  holder: 'another-request',
  until: new Date(now.getTime() + 60_000).toISOString(),
});

/** DynamoDB's answer to a lease UpdateItem that took the lease: `item` as the write left it (ALL_NEW). */
export const leaseTakenOn = (item: Record<string, unknown>) => (input: UpdateCommand['input']) => ({
  Attributes: { ...item, lease: input.ExpressionAttributeValues?.[':lease'] },
});

/** Every lease UpdateItem succeeds on `item`. */
export const leaseIsFreeOn = (ddb: DynamoMock, item: Record<string, unknown>) => {
  ddb.on(UpdateCommand).callsFake(leaseTakenOn(item));
};

/** The holder named in the lease of the `index`th UpdateItem. */
export const leaseHolderOf = (ddb: DynamoMock, index = 0): string =>
  ddb.commandCalls(UpdateCommand)[index]?.args[0].input.ExpressionAttributeValues?.[':lease']?.holder;

/** The items of the `index`th TransactWriteItems. */
export const transactItems = (ddb: DynamoMock, index = 0) =>
  ddb.commandCalls(TransactWriteCommand)[index]?.args[0].input.TransactItems ?? [];

/** How many single writes and transactions reached DynamoDB. */
export const writeCounts = (ddb: DynamoMock) => ({
  updates: ddb.commandCalls(UpdateCommand).length,
  puts: ddb.commandCalls(PutCommand).length,
  transactions: ddb.commandCalls(TransactWriteCommand).length,
});
