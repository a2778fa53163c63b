import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from '../db/table';
import { ITEM_EXISTS, ITEM_IS_NEW, oauthStateKey, withoutKeys } from '../keys';

export type OAuthState = {
  state: string;
  userId: string;
  /** Hash of the session that started the flow: the callback must come back in the same session. */
  sessionHash: string;
  returnTo: string;
  expiresAt: string;
};

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export const putOAuthState = async (table: Table, state: OAuthState): Promise<void> => {
  await table.doc.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...oauthStateKey(state.state), ...state, ttl: Math.ceil(Date.parse(state.expiresAt) / 1000) },
      ConditionExpression: ITEM_IS_NEW,
    }),
  );
};

/** Deletes the state and returns what it held; a second use finds nothing, so a state works once. */
export const consumeOAuthState = async (table: Table, state: string): Promise<OAuthState | undefined> => {
  try {
    const result = await table.doc.send(
      new DeleteCommand({
        TableName: table.name,
        Key: oauthStateKey(state),
        ConditionExpression: ITEM_EXISTS,
        ReturnValues: 'ALL_OLD',
      }),
    );
    return result.Attributes ? (withoutKeys(result.Attributes) as OAuthState) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
};
