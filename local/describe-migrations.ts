import type { MigrationReport } from '../shared/migrations/run-migrations';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One line for the start banner: what the migrations changed (names and counts), or that nothing needed it. */
export const describeMigrations = ({
  invoiceItem,
  issueAmounts,
  moneyBack,
  syncHealth,
}: MigrationReport): string => {
  const { invoiceItemName: name } = invoiceItem;
  const changes = [
    invoiceItem.settingRemoved ? `the Invoice item setting “${name}” is now a catalogue entry` : '',
    invoiceItem.created && !invoiceItem.settingRemoved
      ? `added the labour entry “${name}” to the catalogue`
      : '',
    issueAmounts.moved
      ? `${count(issueAmounts.moved, 'issue amount', 'issue amounts')} moved to billable work`
      : '',
    issueAmounts.dropped ? `${count(issueAmounts.dropped, 'zero amount', 'zero amounts')} removed` : '',
    moneyBack.connections + moneyBack.invoices + moneyBack.customers
      ? `indexed ${count(moneyBack.connections, 'connection', 'connections')}, ${count(moneyBack.invoices, 'invoice', 'invoices')} and ${count(moneyBack.customers, 'customer', 'customers')} for QuickBooks changes`
      : '',
    syncHealth.customers + syncHealth.invoices
      ? `counted ${count(syncHealth.customers, 'customer', 'customers')} and ${count(syncHealth.invoices, 'invoice', 'invoices')} in Sync health`
      : '',
  ].filter(Boolean);
  return changes.length ? changes.join('; ') : 'data up to date';
};
