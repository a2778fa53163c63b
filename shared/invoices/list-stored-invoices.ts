import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getItems } from '../db/batch-get';
import { queryPage } from '../db/query-page';
import type { Table } from '../db/table';
import {
  INVOICE_LIST_PARTITION,
  indexPartitionQuery,
  issueKey,
  keyId,
  OPEN_INVOICES_PARTITION,
  userKey,
} from '../keys';
import { type IntuitEndpoints, invoiceUrl } from '../qbo/intuit-endpoints';
import { billingFilter, bothFilters } from './billing-filter';
import type { BillingState } from './invoice-snapshot';
import type { IssueInvoiceRecord } from './issue-invoice-record';
import { formatCents } from './money';
import { companyToday } from './qbo-invoice';
import { type StoredInvoiceView, storedInvoiceOf } from './stored-invoice';

export type StoredInvoiceItem = StoredInvoiceView & {
  issue: { id: number; title: string };
  customer: { id: string; name: string };
  createdAt: string;
  url: string;
};

export type StoredInvoices = {
  items: StoredInvoiceItem[];
  /** `currency` when every open invoice is in the same one. */
  totals: { outstanding: string; overdue: string; currency?: string };
  nextCursor?: string;
};

type StoredRecord = IssueInvoiceRecord & { issueId: number; requestorId?: string };

/** What is owed now, and how much of it is past due: one Query over the open invoices (sparse GSI1). */
const openTotals = async (table: Table, today: string) => {
  let outstanding = 0n;
  let overdue = 0n;
  const currencies = new Set<string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const query = indexPartitionQuery('GSI1', OPEN_INVOICES_PARTITION);
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...query,
        ProjectionExpression: '#balance, #due, #currency',
        ExpressionAttributeNames: {
          ...query.ExpressionAttributeNames,
          '#balance': 'balanceCents',
          '#due': 'dueDate',
          '#currency': 'currency',
        },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const balance = BigInt(Number(item.balanceCents ?? 0));
      currencies.add(typeof item.currency === 'string' ? item.currency : '');
      outstanding += balance;
      if (typeof item.dueDate === 'string' && item.dueDate < today) overdue += balance;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const [only, ...others] = [...currencies];
  return {
    outstanding: formatCents(outstanding),
    overdue: formatCents(overdue),
    ...(only && others.length === 0 ? { currency: only } : {}),
  };
};

/**
 * The Invoices page: every invoice Deskbooks made, newest first, as last seen in QuickBooks (no
 * QuickBooks call): one Query of GSI2 `INVOICES` for the page (filtered by state and customer), one
 * BatchGetItem for its issues' titles and customers' names, one Query for the totals.
 */
export const listStoredInvoices = async (
  deps: { table: Table; now: () => Date; endpoints: IntuitEndpoints },
  input: {
    status?: Exclude<BillingState, 'not_invoiced'>;
    customerId?: string;
    limit: number;
    cursor?: string;
  },
): Promise<StoredInvoices> => {
  const today = companyToday(deps.now());
  const [page, totals] = await Promise.all([
    queryPage(deps.table, {
      indexName: 'GSI2',
      partition: INVOICE_LIST_PARTITION,
      newestFirst: true,
      filter: bothFilters(
        input.status ? billingFilter(input.status, today) : undefined,
        input.customerId
          ? {
              expression: '#requestorId = :customerId',
              names: { '#requestorId': 'requestorId' },
              values: { ':customerId': input.customerId },
            }
          : undefined,
      ),
      limit: input.limit,
      cursor: input.cursor,
    }),
    openTotals(deps.table, today),
  ]);
  const records = page.rows as StoredRecord[];
  const named = await getItems(deps.table, [
    ...records.map((record) => issueKey(record.issueId)),
    ...records.flatMap((record) => (record.requestorId ? [userKey(record.requestorId)] : [])),
  ]);
  const textOf = (key: { PK: string; SK: string }, field: string) => {
    const value = named.get(keyId(key))?.[field];
    return typeof value === 'string' ? value : '';
  };
  return {
    items: records.map((record) => ({
      ...storedInvoiceOf(record, today),
      issue: { id: record.issueId, title: textOf(issueKey(record.issueId), 'title') },
      customer: {
        id: record.requestorId ?? '',
        name: record.requestorId ? textOf(userKey(record.requestorId), 'name') : '',
      },
      createdAt: record.createdAt,
      url: invoiceUrl(deps.endpoints, record.invoiceId),
    })),
    totals,
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
};
