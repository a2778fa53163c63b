import { indexForMoneyBack, type MoneyBackIndexing } from './index-for-money-back';
import { indexForSyncHealth, type SyncHealthIndexing } from './index-for-sync-health';
import type { MigrationDeps } from './migration-deps';
import { type InvoiceItemMove, moveInvoiceItemSetting } from './move-invoice-item-setting';
import { type IssueAmountsMove, moveIssueAmounts } from './move-issue-amounts';

export type MigrationReport = {
  invoiceItem: InvoiceItemMove;
  issueAmounts: IssueAmountsMove;
  moneyBack: MoneyBackIndexing;
  syncHealth: SyncHealthIndexing;
};

/**
 * Brings stored data to the shapes this code reads, in order. Each step is idempotent and never drops
 * data: a run over migrated data changes nothing, and a run cut short is finished by the next one.
 */
export const runMigrations = async (deps: MigrationDeps): Promise<MigrationReport> => {
  // The amounts become parts of the QuickBooks item the "Invoice item" setting named.
  const invoiceItem = await moveInvoiceItemSetting(deps);
  const issueAmounts = await moveIssueAmounts(deps, { invoiceItemName: invoiceItem.invoiceItemName });
  const moneyBack = await indexForMoneyBack(deps);
  // After the pointers money coming back made: Sync health counts them by company.
  const syncHealth = await indexForSyncHealth(deps);
  return { invoiceItem, issueAmounts, moneyBack, syncHealth };
};
