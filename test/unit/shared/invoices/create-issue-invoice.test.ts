import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createIssueInvoice } from '../../../../shared/invoices/create-issue-invoice';
import type { Issue } from '../../../../shared/issues/issue';
import type { User } from '../../../../shared/users/user';
import {
  conditionFailed,
  leaseIsFreeOn,
  mockedTable,
  transactItems,
  transactionCancelled,
  writeCounts,
} from '../../support/dynamodb-mock';
import {
  aConnection,
  anIssue,
  aStaffMember,
  aUser,
  emptyCompany,
  fakeQbo,
  issueItem,
  NEW_CUSTOMER_ID,
  NEW_INVOICE_ID,
  NOW,
  type QboRoutes,
  qboDeps,
  qboFault,
  REALM_ID,
  roomyBudget,
  settingsWith,
  syncedTo,
  testCipher,
  userItem,
} from '../../support/qbo-fakes';

const { ddb, table } = mockedTable();
const cipher = testCipher();
const syncedAnn = aUser(syncedTo('41'));

/** The issue with invoice NEW_INVOICE_ID linked in REALM_ID, recorded at `syncedAt`. */
const invoiced = (issue: Issue, syncedAt = '2026-02-10T00:00:00.000Z'): Issue => ({
  ...issue,
  qboInvoices: {
    [REALM_ID]: { invoiceId: NEW_INVOICE_ID, syncToken: '0', syncedAt, generation: 0, outcome: 'created' },
  },
});

/** Clicks "Create invoice" on `issue` as a staff member, the requestor stored as `requestor` (null: gone). */
const createInvoiceFor = (
  issue: Issue | undefined,
  options: { requestor?: User | null; syncInvoice?: boolean; qbo?: QboRoutes } = {},
) => {
  if (options.requestor === null) ddb.on(UpdateCommand).rejects(conditionFailed());
  else leaseIsFreeOn(ddb, userItem(options.requestor ?? syncedAnn));
  const qbo = fakeQbo({ ...emptyCompany(), ...options.qbo });
  const result = createIssueInvoice(qboDeps(table, { cipher, fetch: qbo.fetch }), {
    actor: aStaffMember(),
    issue,
    settings: settingsWith({ syncInvoice: options.syncInvoice ?? true }),
    connection: aConnection(cipher),
    budget: roomyBudget(),
  });
  const invoiceWrites = () => qbo.calls.filter((call) => call.method === 'POST' && call.path === '/invoice');
  return { qbo, result, invoiceWrites };
};

// The issue's billable work: one part, 1 × 150.00, on a catalogue entry mapped to "Services" (id 1).
const FIXED_FEE = {
  PK: 'CATALOG',
  SK: 'ITEM#fee',
  id: 'fee',
  name: 'Fixed fee',
  kind: 'part',
  rateCents: 0,
  taxable: false,
  qboItems: { [REALM_ID]: '1' },
};
const PART_ENTRY = {
  PK: 'ISSUE#7',
  SK: 'ENTRY#01J000000000000000000000E1',
  id: '01J000000000000000000000E1',
  issueId: 7,
  kind: 'part',
  catalogId: 'fee',
  date: '2026-02-09',
  quantityHundredths: 100,
  unitPriceCents: 15_000,
  description: 'Printer jams',
  billable: true,
  version: 1,
};

beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CATALOG' } }).resolves({ Items: [FIXED_FEE] });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'ISSUE#7' } }).resolves({ Items: [PART_ENTRY] });
  ddb
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'ISSUE#8' } })
    .resolves({ Items: [{ ...PART_ENTRY, PK: 'ISSUE#8', issueId: 8 }] });
});

describe('creating the invoice of an issue', () => {
  it('creates one invoice for the requestor’s QuickBooks customer', async () => {
    // Act
    const { result, invoiceWrites } = createInvoiceFor(anIssue());

    // Assess
    await expect(result).resolves.toMatchObject({
      invoice: { id: NEW_INVOICE_ID, total: '150.00' },
      created: true,
      outcome: 'created',
    });
    expect(invoiceWrites().map((call) => call.body)).toEqual([
      expect.objectContaining({
        CustomerRef: { value: '41' },
        BillEmail: { Address: 'ann@example.com' },
        Line: [
          {
            DetailType: 'SalesItemLineDetail',
            Amount: 150,
            Description: 'Printer jams',
            SalesItemLineDetail: {
              ItemRef: { value: '1' },
              ServiceDate: '2026-02-09',
              Qty: 1,
              UnitPrice: 150,
              TaxCodeRef: { value: 'NON' },
            },
          },
        ],
      }),
    ]);
  });

  it('records the invoice, the audit entry, the end of its last failure and the lease release in one transaction', async () => {
    // Act
    await createInvoiceFor(anIssue()).result;

    // Assess
    const [release, issueLink, invoiceItem, pointer, audit, failureGone, ...rest] = transactItems(ddb);
    expect(release?.Update).toMatchObject({
      Key: { PK: 'USER#u-ann', SK: 'PROFILE' },
      UpdateExpression: 'REMOVE #lease',
    });
    expect(issueLink?.Update).toMatchObject({
      Key: { PK: 'ISSUE#7', SK: 'ISSUE' },
      ExpressionAttributeValues: {
        ':requestorId': 'u-ann',
        ':links': {
          [REALM_ID]: {
            invoiceId: NEW_INVOICE_ID,
            generation: 0,
            outcome: 'created',
            syncedAt: NOW.toISOString(),
          },
        },
      },
    });
    expect(invoiceItem?.Update).toMatchObject({
      Key: { PK: 'ISSUE#7', SK: `INVOICE#${REALM_ID}#${NEW_INVOICE_ID}` },
      ExpressionAttributeValues: expect.objectContaining({
        ':createdBy': 'u-staff',
        ':createdAt': NOW.toISOString(),
      }),
    });
    expect(Object.values(invoiceItem?.Update?.ExpressionAttributeValues ?? {})).toContainEqual({
      [PART_ENTRY.id]: 1,
    });
    // The snapshot of what QuickBooks answered, for lists that make no QuickBooks call.
    expect(invoiceItem?.Update?.ExpressionAttributeValues).toMatchObject({
      ':listPk': 'INVOICES',
      ':issueId': 7,
    });
    expect(Object.values(invoiceItem?.Update?.ExpressionAttributeValues ?? {})).toEqual(
      expect.arrayContaining(['unpaid', 15_000]),
    );
    // A webhook about the invoice finds the issue by it.
    // Sync health counts it among the company's invoices, by when it was synced.
    expect(pointer?.Put?.Item).toMatchObject({
      PK: `QBOINVOICE#${REALM_ID}#${NEW_INVOICE_ID}`,
      issueId: 7,
      GSI1PK: `REALM#${REALM_ID}#INVOICES`,
      GSI1SK: `${NOW.toISOString()}#${NEW_INVOICE_ID}`,
      syncedAt: NOW.toISOString(),
    });
    expect(audit?.Put?.Item).toMatchObject({
      subject: 'qbo-invoice:7',
      action: 'qbo.invoice.synced',
      details: { realmId: REALM_ID, invoiceId: NEW_INVOICE_ID, outcome: 'created' },
    });
    expect(failureGone?.Delete?.Key).toEqual({ PK: 'SYNCFAILURE#invoice#7', SK: `REALM#${REALM_ID}` });
    expect(rest).toEqual([]);
    expect(writeCounts(ddb)).toEqual({ updates: 1, puts: 0, transactions: 1 });
  });

  it('sends the same requestid for the same issue, so a retry gets QuickBooks’ first invoice back', async () => {
    // Act
    const first = createInvoiceFor(anIssue({ id: 7 }));
    await first.result;
    const retry = createInvoiceFor(anIssue({ id: 7 }));
    await retry.result;
    const other = createInvoiceFor(anIssue({ id: 8 }));
    await other.result;

    // Assess
    const [sent] = first.invoiceWrites().map((call) => call.requestId);
    expect(sent).toEqual(expect.any(String));
    expect(retry.invoiceWrites().map((call) => call.requestId)).toEqual([sent]);
    expect(other.invoiceWrites().map((call) => call.requestId)).not.toEqual([sent]);
  });

  it('updates the linked invoice instead of creating another', async () => {
    // Act
    const { result, invoiceWrites } = createInvoiceFor(invoiced(anIssue()));

    // Assess
    await expect(result).resolves.toMatchObject({
      invoice: { id: NEW_INVOICE_ID },
      created: false,
      outcome: 'updated',
    });
    expect(invoiceWrites().map((call) => call.body)).toEqual([
      expect.objectContaining({
        Id: NEW_INVOICE_ID,
        SyncToken: '0',
        sparse: true,
        Line: [expect.objectContaining({ Amount: 150, Description: 'Printer jams' })],
      }),
    ]);
  });

  it('syncs a requestor who is not a customer yet and bills the new customer', async () => {
    // Act
    const { result, invoiceWrites } = createInvoiceFor(anIssue(), { requestor: aUser() });

    // Assess
    await expect(result).resolves.toMatchObject({ outcome: 'created' });
    expect(invoiceWrites().map((call) => call.body?.CustomerRef)).toEqual([{ value: NEW_CUSTOMER_ID }]);
  });

  it('records the new customer link in the same transaction as the invoice', async () => {
    // Act
    await createInvoiceFor(anIssue(), { requestor: aUser() }).result;

    // Assess
    const items = transactItems(ddb);
    expect(items[0]?.Update).toMatchObject({
      Key: { PK: 'USER#u-ann', SK: 'PROFILE' },
      UpdateExpression: 'SET #map = :map REMOVE #lease',
      ExpressionAttributeValues: {
        ':map': { [REALM_ID]: { customerId: NEW_CUSTOMER_ID, outcome: 'created' } },
      },
    });
    expect(items.map((item) => item.Put?.Item?.action).filter(Boolean)).toEqual([
      'qbo.customer.synced',
      'qbo.invoice.synced',
    ]);
    expect(writeCounts(ddb)).toEqual({ updates: 1, puts: 0, transactions: 1 });
  });

  it('records the invoice anyway when another click recorded the same invoice meanwhile', async () => {
    // Prepare
    const theirs = invoiced(anIssue(), '2026-03-02T17:59:59.000Z');
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(transactionCancelled(['None', 'ConditionalCheckFailed', 'None', 'None']))
      .resolves({});
    ddb.on(GetCommand).resolves({ Item: issueItem(theirs) });

    // Act
    const { result } = createInvoiceFor(anIssue());

    // Assess
    await expect(result).resolves.toMatchObject({ invoice: { id: NEW_INVOICE_ID }, outcome: 'created' });
    expect(writeCounts(ddb)).toEqual({ updates: 1, puts: 0, transactions: 2 });
    expect(transactItems(ddb, 1)[1]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':seenAt': '2026-03-02T17:59:59.000Z',
      ':link': { invoiceId: NEW_INVOICE_ID, syncedAt: NOW.toISOString() },
    });
  });

  it('still releases the requestor’s lease, audits the failure and keeps it for Sync health when QuickBooks refuses the invoice', async () => {
    // Prepare
    const refusing = {
      'POST /invoice': () => qboFault(400, '6000', 'A business validation error has occurred'),
    };

    // Act
    const { result } = createInvoiceFor(anIssue(), { qbo: refusing });

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'qbo_error' });
    const [release, audit, failure, ...rest] = transactItems(ddb);
    expect(release?.Update).toMatchObject({
      Key: { PK: 'USER#u-ann', SK: 'PROFILE' },
      UpdateExpression: 'REMOVE #lease',
    });
    expect(audit?.Put?.Item).toMatchObject({
      subject: 'qbo-invoice:7',
      action: 'qbo.invoice.sync_failed',
      details: { realmId: REALM_ID, error: { code: 'qbo_error' } },
    });
    expect(failure?.Put?.Item).toMatchObject({
      PK: 'SYNCFAILURE#invoice#7',
      id: `invoice.7.${REALM_ID}`,
      kind: 'invoice',
      subjectId: '7',
      actorId: 'u-staff',
      code: 'qbo_error',
      message: 'QuickBooks: A business validation error has occurred',
      qboFault: { code: '6000' },
    });
    expect(rest).toEqual([]);
    expect(writeCounts(ddb)).toEqual({ updates: 1, puts: 0, transactions: 1 });
  });

  it('answers 404 for an issue that does not exist', async () => {
    // Act
    const { qbo, result } = createInvoiceFor(undefined);

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'not_found', message: 'Issue not found' });
    expect(ddb.calls()).toHaveLength(0);
    expect(qbo.calls).toEqual([]);
  });

  it('answers 404 when the issue’s requestor no longer exists', async () => {
    // Act
    const { result, qbo } = createInvoiceFor(anIssue(), { requestor: null });

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'not_found', message: 'Requestor not found' });
    expect(qbo.calls).toEqual([]);
  });

  it('refuses while Sync to invoice is switched off, touching nothing', async () => {
    // Act
    const { qbo, result } = createInvoiceFor(anIssue(), { syncInvoice: false });

    // Assess
    await expect(result).rejects.toMatchObject({ code: 'qbo_sync_invoice_disabled' });
    expect(ddb.calls()).toHaveLength(0);
    expect(qbo.calls).toEqual([]);
  });
});
