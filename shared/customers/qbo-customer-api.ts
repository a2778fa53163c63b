import type { QboSession } from '../qbo/qbo-api-client';
import { type QueryResponse, qboString } from '../qbo/qbo-query';
import type { QboCustomer } from './qbo-customer';

type CustomerEnvelope = { Customer: QboCustomer };

// Naming `Active` makes QBO return inactive customers too (they still own their DisplayName).
const findOne = async (qbo: QboSession, where: string): Promise<QboCustomer | undefined> => {
  const result = await qbo.query<QueryResponse<'Customer', QboCustomer>>(
    `SELECT * FROM Customer WHERE ${where} AND Active IN (true, false) MAXRESULTS 1`,
  );
  return result.QueryResponse?.Customer?.[0];
};

export const findCustomerByEmail = (qbo: QboSession, email: string) =>
  findOne(qbo, `PrimaryEmailAddr = ${qboString(email)}`);

export const findCustomerByDisplayName = (qbo: QboSession, displayName: string) =>
  findOne(qbo, `DisplayName = ${qboString(displayName)}`);

/** Where a sync looks for an existing customer before it creates one (match by email, then by name). */
export type CustomerDirectory = {
  byEmail(email: string): Promise<QboCustomer | undefined>;
  byDisplayName(displayName: string): Promise<QboCustomer | undefined>;
};

/** One query per lookup: what a single "Sync to QBO" needs. */
export const liveCustomerDirectory = (qbo: QboSession): CustomerDirectory => ({
  byEmail: (email) => findCustomerByEmail(qbo, email),
  byDisplayName: (displayName) => findCustomerByDisplayName(qbo, displayName),
});

// QBO compares strings without regard to case; a query's IN list is kept short enough for a GET URL.
const IN_LIST_SIZE = 50;
const folded = (value: string) => value.toLowerCase();

const findAll = async (qbo: QboSession, field: string, values: string[]): Promise<QboCustomer[]> => {
  const lists: string[][] = [];
  for (let start = 0; start < values.length; start += IN_LIST_SIZE)
    lists.push(values.slice(start, start + IN_LIST_SIZE));
  const pages = await Promise.all(
    lists.map((list) =>
      qbo.query<QueryResponse<'Customer', QboCustomer>>(
        `SELECT * FROM Customer WHERE ${field} IN (${list.map(qboString).join(', ')}) AND Active IN (true, false) MAXRESULTS 1000`,
      ),
    ),
  );
  return pages.flatMap((page) => page.QueryResponse?.Customer ?? []);
};

/**
 * The matches of many users at once, from `IN (…)` queries (two per 50 users instead of two per user);
 * a lookup it was not prepared for falls back to the live query.
 */
export const prefetchedCustomerDirectory = async (
  qbo: QboSession,
  wanted: { emails: string[]; displayNames: string[] },
): Promise<CustomerDirectory> => {
  const unique = (values: string[]) => [...new Map(values.map((value) => [folded(value), value])).values()];
  const [byEmail, byName] = await Promise.all([
    findAll(qbo, 'PrimaryEmailAddr', unique(wanted.emails)),
    findAll(qbo, 'DisplayName', unique(wanted.displayNames)),
  ]);
  const emails = new Map<string, QboCustomer>();
  for (const customer of byEmail) {
    const address = customer.PrimaryEmailAddr?.Address;
    if (address && !emails.has(folded(address))) emails.set(folded(address), customer);
  }
  const names = new Map(byName.map((customer) => [folded(customer.DisplayName), customer]));
  const asked = {
    emails: new Set(wanted.emails.map(folded)),
    names: new Set(wanted.displayNames.map(folded)),
  };
  const live = liveCustomerDirectory(qbo);
  return {
    byEmail: async (email) =>
      asked.emails.has(folded(email)) ? emails.get(folded(email)) : live.byEmail(email),
    byDisplayName: async (displayName) =>
      asked.names.has(folded(displayName)) ? names.get(folded(displayName)) : live.byDisplayName(displayName),
  };
};

export const readCustomer = async (qbo: QboSession, id: string): Promise<QboCustomer> =>
  (await qbo.request<CustomerEnvelope>({ method: 'GET', path: `/customer/${encodeURIComponent(id)}` }))
    .Customer;

export const createCustomer = async (
  qbo: QboSession,
  fields: Omit<QboCustomer, 'Id' | 'SyncToken'>,
  requestId: string,
): Promise<QboCustomer> =>
  (await qbo.request<CustomerEnvelope>({ method: 'POST', path: '/customer', body: fields, requestId }))
    .Customer;

/** A sparse update: only the fields sent change (qbo-reference §3.4). */
export const updateCustomer = async (
  qbo: QboSession,
  current: Pick<QboCustomer, 'Id' | 'SyncToken'>,
  fields: Partial<QboCustomer>,
): Promise<QboCustomer> =>
  (
    await qbo.request<CustomerEnvelope>({
      method: 'POST',
      path: '/customer',
      body: { ...fields, Id: current.Id, SyncToken: current.SyncToken, sparse: true },
    })
  ).Customer;
