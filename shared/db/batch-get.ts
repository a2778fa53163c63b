import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { keyId, type TableKey } from '../keys';
import type { Table } from './table';

// BatchGetItem takes at most 100 keys per call.
const BATCH_LIMIT = 100;

/**
 * Reads many items by key: one BatchGetItem per 100 keys (and again for any keys DynamoDB left
 * unprocessed). Returns the items found, by `keyId` of their key; missing items are absent.
 */
export const getItems = async (
  table: Table,
  keys: TableKey[],
  options: { consistent?: boolean; abortSignal?: AbortSignal } = {},
): Promise<Map<string, Record<string, unknown>>> => {
  const unique = [...new Map(keys.map((key) => [keyId(key), key])).values()];
  const found = new Map<string, Record<string, unknown>>();
  for (let start = 0; start < unique.length; start += BATCH_LIMIT) {
    let pending: Record<string, unknown>[] | undefined = unique.slice(start, start + BATCH_LIMIT);
    while (pending?.length) {
      const result = await table.doc.send(
        new BatchGetCommand({
          RequestItems: { [table.name]: { Keys: pending, ConsistentRead: options.consistent } },
        }),
        { abortSignal: options.abortSignal },
      );
      for (const item of result.Responses?.[table.name] ?? []) found.set(keyId(item as TableKey), item);
      pending = result.UnprocessedKeys?.[table.name]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
};
