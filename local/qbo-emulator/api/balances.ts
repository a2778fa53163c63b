import { isRecord } from '../http';
import { liveEntities, patchEntity, type RealmState } from '../store';
import { fromCents, toCents } from './money';

const linksInvoice = (line: unknown, invoiceId: string) =>
  isRecord(line) &&
  Array.isArray(line.LinkedTxn) &&
  line.LinkedTxn.some((link) => isRecord(link) && link.TxnType === 'Invoice' && link.TxnId === invoiceId);

export const paidCentsFor = (realm: RealmState, invoiceId: string): number =>
  liveEntities(realm, 'Payment')
    .flatMap((payment) => (Array.isArray(payment.Line) ? payment.Line : []))
    .filter((line) => linksInvoice(line, invoiceId))
    .reduce((sum, line) => sum + toCents(Number(isRecord(line) ? line.Amount : 0)), 0);

const refOf = (value: unknown) => (isRecord(value) ? value.value : undefined);

// A customer's Balance is the sum of its open invoice balances; it is not a user edit, so no SyncToken bump.
export const refreshCustomerBalance = (realm: RealmState, customerId: string): void => {
  const cents = liveEntities(realm, 'Invoice')
    .filter((invoice) => refOf(invoice.CustomerRef) === customerId)
    .reduce((sum, invoice) => sum + toCents(Number(invoice.Balance ?? 0)), 0);
  patchEntity(realm, 'Customer', customerId, {
    Balance: fromCents(cents),
    BalanceWithJobs: fromCents(cents),
  });
};
