import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { indexPartitionQuery } from '../keys';
import { decodeCursor, encodeCursor } from './cursor';
import type { Table } from './table';

export type PageQuery = {
  indexName: 'GSI1' | 'GSI2';
  partition: string;
  newestFirst?: boolean;
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  limit: number;
  cursor?: string;
};

/**
 * One page of an index partition with an opaque cursor. A filter applies after DynamoDB reads, so
 * filtered pages read in bigger steps and cut back to `limit`, resuming right after the last row shown.
 */
export const queryPage = async (
  table: Table,
  query: PageQuery,
): Promise<{ rows: Record<string, unknown>[]; nextCursor?: string }> => {
  const keyCondition = indexPartitionQuery(query.indexName, query.partition);
  const startKey = decodeCursor(query, query.cursor);
  const rows: Record<string, unknown>[] = [];
  let cursor = startKey;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...keyCondition,
        FilterExpression: query.filter?.expression,
        ExpressionAttributeNames: { ...keyCondition.ExpressionAttributeNames, ...query.filter?.names },
        ExpressionAttributeValues: { ...keyCondition.ExpressionAttributeValues, ...query.filter?.values },
        ScanIndexForward: !query.newestFirst,
        ExclusiveStartKey: cursor,
        Limit: query.filter ? Math.max(100, query.limit) : query.limit - rows.length,
      }),
    );
    rows.push(...(page.Items ?? []));
    cursor = page.LastEvaluatedKey;
  } while (cursor && rows.length < query.limit);
  if (rows.length > query.limit) {
    rows.length = query.limit;
    // Resume right after the last row shown: the cursor keeps only its key attributes.
    cursor = rows[rows.length - 1];
  }
  return { rows, nextCursor: encodeCursor(query, cursor) };
};
