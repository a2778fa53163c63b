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
