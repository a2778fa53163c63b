import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local';

let dynamo: DynamoDbLocal | undefined;

// One DynamoDB Local (in memory) per test run; each test file makes its own table in it.
export const setup = async (project: TestProject) => {
  dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
};

export const teardown = async () => {
  await dynamo?.stop();
};

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
