import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../../shared/errors';
import type { User } from '../../../../shared/users/user';
import { insertUser, saveUserProfile } from '../../../../shared/users/user-repository';

const ddb = mockClient(DynamoDBDocumentClient);
const table = { doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'local' })), name: 'test' };

const aUser = (overrides: Partial<User> = {}): User => ({
  id: 'u1',
  name: 'Ann',
  email: 'ann@example.com',
  role: 'customer',
  enabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const conditionFailed = (reasons: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.join(', ')}]`,
    $metadata: {},
    CancellationReasons: reasons.map((Code) => ({ Code })),
  });

beforeEach(() => {
  ddb.reset();
});

describe('user repository', () => {
  it('claims the email in the same transaction that creates the user', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await insertUser(table, aUser());

    const [call] = ddb.commandCalls(TransactWriteCommand);
    const items = call?.args[0].input.TransactItems ?? [];
    expect(items.map((item) => item.Put?.Item?.PK)).toEqual(['EMAIL#ann@example.com', 'USER#u1']);
    expect(items.every((item) => item.Put?.ConditionExpression === 'attribute_not_exists(PK)')).toBe(true);
  });

  it('reports a taken email as a conflict on the email field', async () => {
    ddb.on(TransactWriteCommand).rejects(conditionFailed(['ConditionalCheckFailed', 'None']));

    const attempt = insertUser(table, aUser());

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ details: { fieldErrors: { email: expect.any(Array) } } });
  });

  it.each([
    [['None', 'ConditionalCheckFailed', 'None'], 'A user with this email already exists'],
    [
      ['ConditionalCheckFailed', 'None', 'None'],
      'This user was changed by someone else; reload and try again',
    ],
  ])('tells a taken new email apart from a concurrent edit (%j)', async (reasons, message) => {
    ddb.on(TransactWriteCommand).rejects(conditionFailed(reasons));

    await expect(saveUserProfile(table, aUser(), { email: 'taken@example.com' })).rejects.toMatchObject({
      message,
    });
  });
});
