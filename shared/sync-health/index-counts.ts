import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import { indexPartitionQuery } from '../keys';
import type { IndexName } from '../table-definition';

/** How many items one partition of an index holds: a COUNT Query, a page (1 MB read) at a time. */
export const countIndexPartition = async (
  table: Table,
  indexName: IndexName,
  partition: string,
): Promise<number> => {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...indexPartitionQuery(indexName, partition),
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
};

/** The item of the partition with the highest sort key (its newest), with only `attributes`. */
export const newestInIndexPartition = async (
  table: Table,
  indexName: IndexName,
  partition: string,
  attributes: readonly string[],
): Promise<Record<string, unknown> | undefined> => {
  const query = indexPartitionQuery(indexName, partition);
  const names = Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name]));
  const page = await table.doc.send(
    new QueryCommand({
      TableName: table.name,
      ...query,
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: { ...query.ExpressionAttributeNames, ...names },
      ScanIndexForward: false,
      Limit: 1,
    }),
  );
  return page.Items?.[0];
};
