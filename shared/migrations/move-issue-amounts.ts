import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PartEntry } from '../billing/billable-entry';
import type { CatalogItem } from '../billing/catalog-item';
import { entryAudit } from '../billing/entry-audit';
import { newEntryPut, writeWithAudit } from '../billing/entry-item-writes';
import { readIssueInvoiceRecords } from '../billing/entry-repository';
import type { TransactItem } from '../db/lease';
import { isConditionFailure, type Table } from '../db/table';
import type { IssueInvoiceRecord } from '../invoices/issue-invoice-record';
import { toCents } from '../invoices/money';
import type { Issue } from '../issues/issue';
import { getIssue, issueFromItem } from '../issues/issue-repository';
import { ITEM_EXISTS, issueInvoiceKey, issueItemsHaving, issueKey } from '../keys';
import { createUlidGenerator } from '../ulid';
import type { User } from '../users/user';
import { ensureLegacyCatalogItem } from './legacy-catalog-item';
import { MIGRATION_ACTOR_ID, type MigrationDeps } from './migration-deps';

/** An issue as stored before billable work: its hand-typed amount, a decimal string ("150.00"). */
type IssueWithAmount = Issue & { amount: string };

export type IssueAmountsMove = {
  /** Issues whose amount became a part entry. */
  moved: number;
  /** Issues whose amount was zero: it was removed, with no entry. */
  dropped: number;
};

const AMOUNT = 'amount';
const ATTEMPTS = 3;
const migrationActor = { id: MIGRATION_ACTOR_ID } as User;
const nextEntryId = createUlidGenerator();

/** Someone changed the issue or its invoices between our read and our write. */
class IssueChangedError extends Error {}

const amountOf = (issue: Issue): string | undefined => {
  const amount = (issue as Partial<IssueWithAmount>).amount;
  return typeof amount === 'string' ? amount : undefined;
};

// Not a request path: a migration reads the whole table once, a page at a time.
async function* issuesWithAmount(table: Table): AsyncGenerator<IssueWithAmount> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new ScanCommand({ TableName: table.name, ...issueItemsHaving(AMOUNT), ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) yield issueFromItem(item) as IssueWithAmount;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Removes the amount from the issue, on condition it still has the one read. */
const amountRemoval = (table: Table, issue: IssueWithAmount) => ({
  TableName: table.name,
  Key: issueKey(issue.id),
  UpdateExpression: 'REMOVE #amount',
  ConditionExpression: '#amount = :amount',
  ExpressionAttributeNames: { '#amount': AMOUNT },
  ExpressionAttributeValues: { ':amount': issue.amount },
});

/** The issue's current invoice in each company now bills the entry, so it shows as invoiced there. */
const invoicedOn = (
  table: Table,
  issue: Issue,
  records: readonly IssueInvoiceRecord[],
  entry: PartEntry,
): TransactItem[] =>
  Object.entries(issue.qboInvoices ?? {}).flatMap(([realmId, link]): TransactItem[] => {
    const record = records.find((r) => r.realmId === realmId && r.invoiceId === link.invoiceId);
    if (!record) return [];
    const billed = { TableName: table.name, Key: issueInvoiceKey(issue.id, realmId, link.invoiceId) };
    return [
      {
        Update: record.entries
          ? {
              ...billed,
              UpdateExpression: 'SET #entries.#entry = :version',
              ConditionExpression: `${ITEM_EXISTS} AND attribute_exists(#entries)`,
              ExpressionAttributeNames: { '#entries': 'entries', '#entry': entry.id },
              ExpressionAttributeValues: { ':version': entry.version },
            }
          : {
              ...billed,
              UpdateExpression: 'SET #entries = :entries',
              ConditionExpression: `${ITEM_EXISTS} AND attribute_not_exists(#entries)`,
              ExpressionAttributeNames: { '#entries': 'entries' },
              ExpressionAttributeValues: { ':entries': { [entry.id]: entry.version } },
            },
      },
    ];
  });

/** The amount as one part: quantity 1 at that price, dated and described as the issue was. */
const partEntryOf = (issue: IssueWithAmount, part: CatalogItem, cents: number, now: Date): PartEntry => {
  const at = now.toISOString();
  return {
    id: nextEntryId(now),
    issueId: issue.id,
    kind: 'part',
    catalogId: part.id,
    quantityHundredths: 100,
    unitPriceCents: cents,
    description: issue.title,
    date: issue.createdAt.slice(0, 10),
    billable: true,
    createdBy: issue.createdBy,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
};

type MoveContext = { deps: MigrationDeps; fixedAmountPart: () => Promise<CatalogItem> };

/** One transaction: the entry, the amount's removal, the invoices billing it and the audit event. */
const moveAmount = async ({ deps, fixedAmountPart }: MoveContext, issue: IssueWithAmount) => {
  const { table } = deps;
  const cents = toCents(issue.amount);
  if (cents === 0) {
    try {
      await table.doc.send(new UpdateCommand(amountRemoval(table, issue)));
    } catch (error) {
      throw isConditionFailure(error) ? new IssueChangedError() : error;
    }
    return 'dropped' as const;
  }
  const entry = partEntryOf(issue, await fixedAmountPart(), cents, deps.now());
  const records = await readIssueInvoiceRecords(table, issue.id);
  const audit = entryAudit(migrationActor, entry, 'billing.entry_created');
  await writeWithAudit(
    deps,
    [
      newEntryPut(table, entry),
      { Update: amountRemoval(table, issue) },
      ...invoicedOn(table, issue, records, entry),
    ],
    { ...audit, details: { ...audit.details, migratedFrom: AMOUNT, amount: issue.amount } },
    () => new IssueChangedError(),
  );
  return 'moved' as const;
};

/** Moves the issue's amount; re-reads the issue when it changed meanwhile. */
const moveIssueAmount = async (context: MoveContext, scanned: IssueWithAmount) => {
  let issue = scanned;
  for (let attempt = 1; ; attempt++) {
    try {
      return await moveAmount(context, issue);
    } catch (error) {
      if (!(error instanceof IssueChangedError)) throw error;
      if (attempt >= ATTEMPTS) throw new Error(`Issue ${issue.id} kept changing while its amount was moved`);
    }
    const current = await getIssue(context.deps.table, issue.id, { consistent: true });
    const amount = current && amountOf(current);
    if (!current || amount === undefined) return undefined;
    issue = { ...current, amount };
  }
};

/**
 * Each issue's hand-typed amount becomes one part entry on the issue, of the catalogue's
 * "<invoice item> (fixed amount)" part (made on first need), billed on the issue's current invoices.
 */
export const moveIssueAmounts = async (
  deps: MigrationDeps,
  input: { invoiceItemName: string },
): Promise<IssueAmountsMove> => {
  let part: Promise<CatalogItem> | undefined;
  const fixedAmountPart = () => {
    part ??= ensureLegacyCatalogItem(deps, {
      name: `${input.invoiceItemName} (fixed amount)`,
      kind: 'part',
      qboItemName: input.invoiceItemName,
      migratedFrom: 'issue amounts',
    }).then(({ item }) => {
      if (item.kind !== 'part')
        throw new Error(
          `The catalogue entry "${item.name}" is labour: rename it so amounts can become parts`,
        );
      return item;
    });
    return part;
  };
  const moved: IssueAmountsMove = { moved: 0, dropped: 0 };
  for await (const issue of issuesWithAmount(deps.table)) {
    const outcome = await moveIssueAmount({ deps, fixedAmountPart }, issue);
    if (outcome) moved[outcome] += 1;
  }
  return moved;
};
