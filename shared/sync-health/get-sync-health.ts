import type { Table } from '../db/table';
import { realmCustomersPartition, realmInvoicesPartition } from '../keys';
import { listRealms } from '../qbo/realm-registry';
import type { User } from '../users/user';
import { countIndexPartition, newestInIndexPartition } from './index-counts';
import { failureScopeOf } from './list-sync-failures';
import { countSyncFailures } from './sync-failure-repository';

export type CompanySyncHealth = {
  realmId: string;
  companyName: string;
  /** Users linked to a customer of the company. */
  customersSynced: number;
  /** Invoices Deskbooks made in the company. */
  invoicesSynced: number;
  /** When Deskbooks last synced a customer or an invoice with the company successfully. */
  lastSyncedAt?: string;
};

export type SyncHealth = { companies: CompanySyncHealth[]; failures: number };

/** A company's synced items of one kind: a COUNT Query and the newest by its sort key (the last sync). */
const syncedIn = async (table: Table, partition: string) => {
  const [count, newest] = await Promise.all([
    countIndexPartition(table, 'GSI1', partition),
    newestInIndexPartition(table, 'GSI1', partition, ['syncedAt']),
  ]);
  return { count, syncedAt: typeof newest?.syncedAt === 'string' ? newest.syncedAt : undefined };
};

const companyHealth = async (
  table: Table,
  realm: { realmId: string; companyName?: string },
): Promise<CompanySyncHealth> => {
  const [customers, invoices] = await Promise.all([
    syncedIn(table, realmCustomersPartition(realm.realmId)),
    syncedIn(table, realmInvoicesPartition(realm.realmId)),
  ]);
  const lastSyncedAt = [customers.syncedAt, invoices.syncedAt].filter(Boolean).sort().at(-1);
  return {
    realmId: realm.realmId,
    companyName: realm.companyName ?? realm.realmId,
    customersSynced: customers.count,
    invoicesSynced: invoices.count,
    ...(lastSyncedAt ? { lastSyncedAt } : {}),
  };
};

/**
 * GET /api/qbo/sync-health: per company Deskbooks was connected to, how many customers and invoices
 * it has synced and when it last did; and how many failures the viewer can see. Counted from the
 * pointers each sync writes in its own transaction (GSI1 per company), so no sync ever writes a
 * shared counter, and nothing is scanned.
 */
export const getSyncHealth = async (deps: { table: Table }, input: { viewer: User }): Promise<SyncHealth> => {
  const [realms, failures] = await Promise.all([
    listRealms(deps.table),
    countSyncFailures(deps.table, failureScopeOf(input.viewer)),
  ]);
  const companies = await Promise.all(realms.map((realm) => companyHealth(deps.table, realm)));
  return { companies: companies.sort((a, b) => a.companyName.localeCompare(b.companyName)), failures };
};
