import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from '../../db/table';
import { transact } from '../../db/transact';
import {
  ITEM_EXISTS,
  ITEM_IS_NEW,
  PASSKEY_SK_PREFIX,
  partitionQuery,
  passkeyChallengeKey,
  passkeyKey,
  userKey,
  withoutKeys,
} from '../../keys';

/** A registered credential: what verifying its assertions needs, and what Settings shows of it. */
export type Passkey = {
  id: string;
  userId: string;
  /** The authenticator's credential ID, base64url, as the browser sends it back. */
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The authenticator's signature counter at its last use (0 for authenticators that keep none). */
  counter: number;
  transports?: string[];
  name: string;
  createdAt: string;
  lastUsedAt?: string;
};

/** What the API shows of a passkey: never its key or counter. */
export type PublicPasskey = Pick<Passkey, 'id' | 'name' | 'createdAt' | 'lastUsedAt'>;
export const toPublicPasskey = ({ id, name, createdAt, lastUsedAt }: Passkey): PublicPasskey => ({
  id,
  name,
  createdAt,
  ...(lastUsedAt ? { lastUsedAt } : {}),
});

/** Our id for a credential: its credential ID hashed, so a key of any length fits a sort key. */
export const passkeyIdOf = (credentialId: string) =>
  createHash('sha256').update(credentialId).digest('hex').slice(0, 32);

export const listPasskeys = async (table: Table, userId: string): Promise<Passkey[]> => {
  const { Items = [] } = await table.doc.send(
    new QueryCommand({
      TableName: table.name,
      ...partitionQuery(userKey(userId), PASSKEY_SK_PREFIX),
      ConsistentRead: true,
    }),
  );
  return Items.map((item) => withoutKeys(item) as Passkey);
};

export const getPasskey = async (
  table: Table,
  userId: string,
  passkeyId: string,
): Promise<Passkey | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: passkeyKey(userId, passkeyId), ConsistentRead: true }),
  );
  return Item ? (withoutKeys(Item) as Passkey) : undefined;
};

// The user item counts its passkeys, in the same transaction as each credential's write, so the gate
// knows from the user item alone whether a user has MFA.
const countUpdate = (table: Table, userId: string, change: 1 | -1) => ({
  Update: {
    TableName: table.name,
    Key: userKey(userId),
    UpdateExpression: 'SET passkeyCount = if_not_exists(passkeyCount, :zero) + :change',
    ConditionExpression: change > 0 ? ITEM_EXISTS : `${ITEM_EXISTS} AND passkeyCount > :zero`,
    ExpressionAttributeValues: { ':zero': 0, ':change': change },
  },
});

/** Stores a new credential; false when the same credential is registered already. */
export const insertPasskey = async (table: Table, passkey: Passkey): Promise<boolean> => {
  try {
    await transact(table, [
      {
        Put: {
          TableName: table.name,
          Item: { ...passkeyKey(passkey.userId, passkey.id), ...passkey },
          ConditionExpression: ITEM_IS_NEW,
        },
      },
      countUpdate(table, passkey.userId, 1),
    ]);
    return true;
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') return false;
    throw error;
  }
};

/** Deletes the credential; false when it was gone already. */
export const deletePasskey = async (table: Table, userId: string, passkeyId: string): Promise<boolean> => {
  try {
    await transact(table, [
      {
        Delete: {
          TableName: table.name,
          Key: passkeyKey(userId, passkeyId),
          ConditionExpression: ITEM_EXISTS,
        },
      },
      countUpdate(table, userId, -1),
    ]);
    return true;
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') return false;
    throw error;
  }
};

/** Deletes every passkey of the user (an admin's MFA reset); how many there were. */
export const deleteAllPasskeys = async (table: Table, userId: string): Promise<number> => {
  const passkeys = await listPasskeys(table, userId);
  const deleted = await Promise.all(passkeys.map((passkey) => deletePasskey(table, userId, passkey.id)));
  return deleted.filter(Boolean).length;
};

/**
 * Records an accepted assertion: the new counter and when. Conditional on the counter read, so of
 * two assertions racing with the same counter only one is accepted.
 */
export const recordPasskeyUse = async (
  table: Table,
  passkey: Passkey,
  input: { counter: number; at: Date },
): Promise<boolean> => {
  try {
    await table.doc.send(
      new UpdateCommand({
        TableName: table.name,
        Key: passkeyKey(passkey.userId, passkey.id),
        UpdateExpression: 'SET #counter = :counter, lastUsedAt = :at',
        ConditionExpression: `${ITEM_EXISTS} AND #counter = :read`,
        ExpressionAttributeNames: { '#counter': 'counter' },
        ExpressionAttributeValues: {
          ':counter': input.counter,
          ':at': input.at.toISOString(),
          ':read': passkey.counter,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export type ChallengePurpose = 'registration' | 'authentication';

/** A challenge handed to the browser: good once, for a few minutes, in the session that asked. */
export type PasskeyChallenge = {
  challenge: string;
  purpose: ChallengePurpose;
  userId: string;
  sessionHash: string;
  expiresAt: string;
};

export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export const putPasskeyChallenge = async (table: Table, challenge: PasskeyChallenge): Promise<void> => {
  await table.doc.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...passkeyChallengeKey(challenge.challenge),
        ...challenge,
        // DynamoDB deletes expired items within days, not minutes: `expiresAt` is what is checked.
        ttl: Math.ceil(Date.parse(challenge.expiresAt) / 1000),
      },
      ConditionExpression: ITEM_IS_NEW,
    }),
  );
};

/** Deletes the challenge and returns what it held; a second use finds nothing. */
export const consumePasskeyChallenge = async (
  table: Table,
  challenge: string,
): Promise<PasskeyChallenge | undefined> => {
  try {
    const { Attributes } = await table.doc.send(
      new DeleteCommand({
        TableName: table.name,
        Key: passkeyChallengeKey(challenge),
        ConditionExpression: ITEM_EXISTS,
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? (withoutKeys(Attributes) as PasskeyChallenge) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
};
