import { deletedSnapshot, snapshotOf } from '../invoices/invoice-snapshot';
import type { QboInvoice } from '../invoices/qbo-invoice';
import type { TimeBudget } from '../platform/time-budget';
import { type QboApiDeps, type QboSession, qboSessionFor } from '../qbo/qbo-api-client';
import { type QueryResponse, qboString } from '../qbo/qbo-query';
import { usableRealmConnections } from '../qbo/realm-registry';
import { type CustomerFate, followCustomers, type QboCustomerRead } from './follow-customers';
import { ourInvoices, storeSnapshot } from './follow-invoices';
import type { QboChange } from './qbo-change';

const PARALLEL_SNAPSHOTS = 10;

export type QboPaymentRead = { Id: string; Line?: { LinkedTxn?: { TxnId?: string; TxnType?: string }[] }[] };

/** What a company's changes say, once read: the entities as QuickBooks holds them now. */
export type CompanyChanges = {
  /** Invoices to look at; `invoices` holds those already read (CDC hands them over whole). */
  invoiceIds: string[];
  invoices?: Map<string, QboInvoice>;
  /** Invoices CDC reported deleted. */
  deletedInvoiceIds?: string[];
  payments: QboPaymentRead[];
  customers: QboCustomerRead[];
  merges: { customerId: string; into: string }[];
};

export type FollowOutcome = { invoices: number; customers: number; skipped?: 'no-connection' };

const byIds = async <T>(qbo: QboSession, entity: string, ids: readonly string[]): Promise<T[]> => {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const answer = await qbo.query<QueryResponse<string, T>>(
    `SELECT * FROM ${entity} WHERE Id IN (${unique.map(qboString).join(', ')}) MAXRESULTS 1000`,
  );
  return answer.QueryResponse?.[entity] ?? [];
};

const linkedInvoiceIds = (payments: readonly QboPaymentRead[]) =>
  payments.flatMap((payment) =>
    (payment.Line ?? []).flatMap((line) =>
      (line.LinkedTxn ?? []).flatMap((linked) =>
        linked.TxnType === 'Invoice' && linked.TxnId ? [linked.TxnId] : [],
      ),
    ),
  );

/** A company to work in on nobody's behalf: through any staff member's connection that still works. */
export const companySession = async (deps: QboApiDeps, realmId: string, budget: TimeBudget) => {
  const [connection] = await usableRealmConnections(deps.table, realmId);
  return connection ? qboSessionFor(deps, connection, budget) : undefined;
};

/**
 * Brings Deskbooks' view of one company up to what QuickBooks holds now: each invoice Deskbooks made
 * that changed (itself or through a payment) gets a fresh snapshot; users follow merged or inactive customers.
 * QuickBooks reads: one query per entity type, never one per change.
 */
export const followCompany = async (
  deps: QboApiDeps,
  qbo: QboSession,
  changes: CompanyChanges,
): Promise<FollowOutcome> => {
  const invoiceIds = [
    ...changes.invoiceIds,
    ...linkedInvoiceIds(changes.payments),
    ...(changes.deletedInvoiceIds ?? []),
  ];
  const ours = await ourInvoices(deps.table, qbo.realmId, invoiceIds);
  const known = changes.invoices ?? new Map<string, QboInvoice>();
  const deleted = new Set(changes.deletedInvoiceIds);
  const toRead = ours.filter((invoice) => !known.has(invoice.invoiceId) && !deleted.has(invoice.invoiceId));
  for (const invoice of await byIds<QboInvoice>(
    qbo,
    'Invoice',
    toRead.map((invoice) => invoice.invoiceId),
  ))
    known.set(invoice.Id, invoice);
  // Each write is conditional and about one invoice only, so a few go at once.
  let invoices = 0;
  for (let start = 0; start < ours.length; start += PARALLEL_SNAPSHOTS) {
    const outcomes = await Promise.all(
      ours.slice(start, start + PARALLEL_SNAPSHOTS).map((invoice) => {
        const current = known.get(invoice.invoiceId);
        const snapshot = current
          ? snapshotOf(current, deps.now())
          : deletedSnapshot(invoice.record, deps.now());
        return storeSnapshot(deps, invoice, snapshot);
      }),
    );
    invoices += outcomes.filter((outcome) => outcome === 'stored').length;
  }
  const survivors = new Map(changes.customers.map((customer) => [customer.Id, customer]));
  const fates: CustomerFate[] = [
    ...changes.merges.flatMap(({ customerId, into }) => {
      const survivor = survivors.get(into);
      return survivor ? [{ kind: 'merged' as const, customerId, into: survivor }] : [];
    }),
    ...changes.customers
      .filter((customer) => customer.Active === false)
      .map((customer) => ({ kind: 'inactive' as const, customerId: customer.Id })),
  ];
  const customers = fates.length ? await followCustomers(deps, qbo.realmId, fates) : 0;
  return { invoices, customers };
};

/** From webhook events (ids only): what to read. Invoices and customers by id; payments for the invoices they pay. */
export const readCompanyChanges = async (
  qbo: QboSession,
  changes: readonly QboChange[],
): Promise<CompanyChanges> => {
  const ofEntity = (entity: string) => changes.filter((change) => change.entity === entity);
  const payments = await byIds<QboPaymentRead>(
    qbo,
    'Payment',
    ofEntity('Payment')
      .filter((change) => change.operation !== 'Delete')
      .map((change) => change.entityId),
  );
  const customerChanges = ofEntity('Customer');
  const merges = customerChanges.flatMap((change) =>
    change.operation === 'Merge' && change.mergedFromId
      ? [{ customerId: change.mergedFromId, into: change.entityId }]
      : [],
  );
  // Customers can't be deleted in QuickBooks, only made inactive; a query reads inactive ones too.
  const customers = customerChanges.length
    ? await qbo
        .query<QueryResponse<'Customer', QboCustomerRead>>(
          `SELECT * FROM Customer WHERE Active IN (true, false) AND Id IN (${[...new Set(customerChanges.map((change) => change.entityId))].map(qboString).join(', ')}) MAXRESULTS 1000`,
        )
        .then((answer) => answer.QueryResponse?.Customer ?? [])
    : [];
  return {
    invoiceIds: ofEntity('Invoice').map((change) => change.entityId),
    payments,
    customers,
    merges,
  };
};
