import type { QboInvoice } from '../invoices/qbo-invoice';
import type { TimeBudget } from '../platform/time-budget';
import type { QboSession } from '../qbo/qbo-api-client';
import { listRealms, type RealmRecord, saveCdcRun } from '../qbo/realm-registry';
import { companySession, followCompany, type QboPaymentRead } from './follow-company';
import type { QboCustomerRead } from './follow-customers';
import type { ProcessDeps } from './process-changes';

// QuickBooks' change data capture looks back 30 days at most; keep clear of the edge.
const LOOK_BACK_MS = 30 * 24 * 60 * 60 * 1000 - 60 * 60 * 1000;
// A response holds at most 1,000 objects; a company with more changes is read in pages from the last one's time.
const MAX_PAGES = 20;
const ENTITIES = 'Invoice,Payment,Customer';

type Deleted = { Id: string; status: 'Deleted'; MetaData?: { LastUpdatedTime?: string } };
type Row = { Id: string; status?: string; MetaData?: { LastUpdatedTime?: string } };
type CdcAnswer = {
  CDCResponse?: {
    QueryResponse?: (Record<string, Row[] | number | undefined> & { totalCount?: number })[];
  }[];
  time?: string;
};

const rowsOf = (answer: CdcAnswer, entity: string): Row[] =>
  (answer.CDCResponse ?? []).flatMap((response) =>
    (response.QueryResponse ?? []).flatMap((query) => {
      const rows = query[entity];
      return Array.isArray(rows) ? rows : [];
    }),
  );

const cutShort = (answer: CdcAnswer) =>
  (answer.CDCResponse ?? []).some((response) =>
    (response.QueryResponse ?? []).some((query) => {
      const shown = Object.values(query).find(Array.isArray)?.length ?? 0;
      return typeof query.totalCount === 'number' && query.totalCount > shown;
    }),
  );

const latestChange = (answer: CdcAnswer): string | undefined =>
  ['Invoice', 'Payment', 'Customer']
    .flatMap((entity) => rowsOf(answer, entity))
    .map((row) => row.MetaData?.LastUpdatedTime)
    .filter((time): time is string => Boolean(time))
    .map((time) => new Date(time).toISOString())
    .sort()
    .at(-1);

const isDeleted = (row: Row): row is Deleted => row.status === 'Deleted';

/** One company: every change since its cursor, page by page, followed as webhooks would be. */
const catchUp = async (deps: ProcessDeps, qbo: QboSession, realm: RealmRecord) => {
  const now = deps.now();
  const earliest = new Date(now.getTime() - LOOK_BACK_MS).toISOString();
  let since = realm.cdcCursor && realm.cdcCursor > earliest ? realm.cdcCursor : earliest;
  let nextCursor: string | undefined;
  let changes = 0;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await qbo.request<CdcAnswer>({
      method: 'GET',
      path: '/cdc',
      query: { entities: ENTITIES, changedSince: since },
    });
    // QuickBooks' own time of the first answer: what changes after it, the next run sees.
    nextCursor ??= answer.time ? new Date(answer.time).toISOString() : now.toISOString();
    const invoices = rowsOf(answer, 'Invoice');
    const customers = rowsOf(answer, 'Customer');
    changes += invoices.length + customers.length + rowsOf(answer, 'Payment').length;
    await followCompany(deps, qbo, {
      invoiceIds: [],
      invoices: new Map(
        invoices.filter((row) => !isDeleted(row)).map((row) => [row.Id, row as unknown as QboInvoice]),
      ),
      deletedInvoiceIds: invoices.filter(isDeleted).map((row) => row.Id),
      payments: rowsOf(answer, 'Payment').filter((row) => !isDeleted(row)) as QboPaymentRead[],
      // A customer gone from QuickBooks (merged away) is followed as one made inactive.
      customers: customers.map((row) =>
        isDeleted(row)
          ? { Id: row.Id, SyncToken: '0', DisplayName: '', Active: false }
          : (row as unknown as QboCustomerRead),
      ),
      merges: [],
    });
    const latest = latestChange(answer);
    if (!cutShort(answer) || !latest || latest <= since) break;
    since = latest;
  }
  await saveCdcRun(deps.table, {
    realmId: realm.realmId,
    cursor: nextCursor ?? now.toISOString(),
    ranAt: now.toISOString(),
    changes,
  });
  return changes;
};

/**
 * The backstop (an EventBridge schedule, every 15 minutes): for each company Deskbooks is connected
 * to, what changed since the last run, through the same rules as webhooks. A company that fails is
 * left for the next run (its cursor stays); the others go on.
 */
export const runBackstop = async (
  deps: ProcessDeps,
  budget: TimeBudget,
): Promise<{ companies: number; changes: number }> => {
  let companies = 0;
  let changes = 0;
  for (const realm of await listRealms(deps.table)) {
    try {
      const qbo = await companySession(deps, realm.realmId, budget);
      if (!qbo) continue;
      changes += await catchUp(deps, qbo, realm);
      companies += 1;
    } catch (error) {
      deps.log.warn('QBO backstop failed for a company; the next run tries again', {
        realmId: realm.realmId,
        error: (error as Error).message,
      });
    }
  }
  return { companies, changes };
};
