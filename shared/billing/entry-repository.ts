import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import { ISSUE_ENTRY_SK_PREFIX, issueKey, partitionQuery, withoutKeys } from '../keys';
import type { BillableEntry } from './billable-entry';

export const entryFromItem = (item: Record<string, unknown>) => withoutKeys(item) as BillableEntry;

/** The issue's entries in the order they were made: one Query on its partition, `ENTRY#` items only. */
export const listIssueEntries = async (table: Table, issueId: number): Promise<BillableEntry[]> => {
  const entries: BillableEntry[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...partitionQuery(issueKey(issueId), ISSUE_ENTRY_SK_PREFIX),
        ExclusiveStartKey: startKey,
      }),
    );
    entries.push(...(page.Items ?? []).map(entryFromItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return entries;
};
