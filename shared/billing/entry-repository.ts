import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import type { IssueInvoiceRecord } from '../invoices/issue-invoice-record';
import {
  ISSUE_ENTRY_SK_PREFIX,
  ISSUE_INVOICE_SK_PREFIX,
  issueKey,
  parseIssueInvoiceSk,
  partitionQuery,
  sortKeyOf,
  withoutKeys,
} from '../keys';
import type { BillableEntry } from './billable-entry';

export const entryFromItem = (item: Record<string, unknown>) => withoutKeys(item) as BillableEntry;

const recordFromItem = (item: Record<string, unknown>, key: { realmId: string; invoiceId: string }) =>
  ({ ...withoutKeys(item), ...key }) as IssueInvoiceRecord;

const queryAll = async (table: Table, query: ReturnType<typeof partitionQuery>, consistent: boolean) => {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...query,
        ConsistentRead: consistent,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};

export type IssueWork = { entries: BillableEntry[]; invoices: IssueInvoiceRecord[] };

/**
 * The issue's billable entries, in the order they were made, and the records of the invoices made
 * from it: one Query over the issue's partition.
 */
export const readIssueWork = async (
  table: Table,
  issueId: number,
  options: { consistent?: boolean } = {},
): Promise<IssueWork> => {
  const work: IssueWork = { entries: [], invoices: [] };
  for (const item of await queryAll(table, partitionQuery(issueKey(issueId)), options.consistent ?? false)) {
    const sk = sortKeyOf(item);
    const invoiceKey = parseIssueInvoiceSk(sk);
    if (invoiceKey) work.invoices.push(recordFromItem(item, invoiceKey));
    else if (sk.startsWith(ISSUE_ENTRY_SK_PREFIX)) work.entries.push(entryFromItem(item));
  }
  return work;
};

/** The records of the invoices made from the issue, in every company: one Query over their items. */
export const readIssueInvoiceRecords = async (table: Table, issueId: number): Promise<IssueInvoiceRecord[]> =>
  (await queryAll(table, partitionQuery(issueKey(issueId), ISSUE_INVOICE_SK_PREFIX), false)).flatMap(
    (item) => {
      const key = parseIssueInvoiceSk(sortKeyOf(item));
      return key ? [recordFromItem(item, key)] : [];
    },
  );
