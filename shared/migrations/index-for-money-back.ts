import { PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, type Table } from '../db/table';
import type { IssueInvoiceRecord } from '../invoices/issue-invoice-record';
import { getIssue } from '../issues/issue-repository';
import {
  ITEM_IS_NEW,
  invoiceListIndex,
  issueInvoiceKey,
  parseIssueInvoiceSk,
  qboCustomerPointerKey,
  qboInvoicePointerKey,
  realmConnectionIndex,
  sortKeyOf,
  unindexedForMoneyBack,
  withoutKeys,
} from '../keys';
import { fromConnectionItem } from '../qbo/qbo-connection-repository';
import { registerRealm } from '../qbo/realm-registry';
import type { User } from '../users/user';
import type { MigrationDeps } from './migration-deps';

export type MoneyBackIndexing = { connections: number; invoices: number; customers: number };

const putIfNew = async (table: Table, item: Record<string, unknown>) => {
  try {
    await table.doc.send(
      new PutCommand({ TableName: table.name, Item: item, ConditionExpression: ITEM_IS_NEW }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

const indexConnection = async (table: Table, item: Record<string, unknown>) => {
  const connection = fromConnectionItem(item);
  const index = realmConnectionIndex(connection.realmId, connection.userId);
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: { PK: item.PK, SK: item.SK },
      UpdateExpression: 'SET GSI1PK = :pk, GSI1SK = :sk',
      ExpressionAttributeValues: { ':pk': index.GSI1PK, ':sk': index.GSI1SK },
    }),
  );
  await registerRealm(table, { realmId: connection.realmId, companyName: connection.companyName });
};

const indexInvoice = async (table: Table, item: Record<string, unknown>) => {
  const key = parseIssueInvoiceSk(sortKeyOf(item));
  const issueId = Number(String(item.PK).split('#')[1]);
  const issue = key && Number.isInteger(issueId) ? await getIssue(table, issueId) : undefined;
  if (!key || !issue) return false;
  const record = withoutKeys(item) as IssueInvoiceRecord;
  const listed = invoiceListIndex(record.createdAt, key.realmId, key.invoiceId);
  await table.doc.send(
    new UpdateCommand({
      TableName: table.name,
      Key: issueInvoiceKey(issueId, key.realmId, key.invoiceId),
      UpdateExpression:
        'SET realmId = :realmId, invoiceId = :invoiceId, issueId = :issueId, requestorId = :requestorId, GSI2PK = :pk, GSI2SK = :sk',
      ExpressionAttributeValues: {
        ':realmId': key.realmId,
        ':invoiceId': key.invoiceId,
        ':issueId': issueId,
        ':requestorId': issue.requestorId,
        ':pk': listed.GSI2PK,
        ':sk': listed.GSI2SK,
      },
    }),
  );
  await putIfNew(table, {
    ...qboInvoicePointerKey(key.realmId, key.invoiceId),
    issueId,
    realmId: key.realmId,
  });
  return true;
};

const pointCustomers = async (table: Table, item: Record<string, unknown>) => {
  const user = withoutKeys(item) as User;
  let added = 0;
  for (const link of Object.values(user.qboCustomers ?? {}))
    if (
      await putIfNew(table, {
        ...qboCustomerPointerKey(link.realmId, link.customerId),
        userId: user.id,
        realmId: link.realmId,
      })
    )
      added += 1;
  return added;
};

/**
 * What money coming back needs of data stored before it: each connection listed under its company
 * (and the company registered for the backstop), each invoice record on the Invoices page with a
 * pointer from its QuickBooks id, each linked customer pointing at its user. Idempotent.
 */
export const indexForMoneyBack = async (deps: MigrationDeps): Promise<MoneyBackIndexing> => {
  const done: MoneyBackIndexing = { connections: 0, invoices: 0, customers: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    // Not a request path: a migration reads the whole table once, a page at a time.
    const page = await deps.table.doc.send(
      new ScanCommand({
        TableName: deps.table.name,
        ...unindexedForMoneyBack(),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const sk = sortKeyOf(item);
      if (sk === 'QBO#CONNECTION') {
        await indexConnection(deps.table, item);
        done.connections += 1;
      } else if (parseIssueInvoiceSk(sk)) {
        if (await indexInvoice(deps.table, item)) done.invoices += 1;
      } else done.customers += await pointCustomers(deps.table, item);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return done;
};
