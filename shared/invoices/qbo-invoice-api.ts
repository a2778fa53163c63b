import type { QboSession } from '../qbo/qbo-api-client';
import { type QueryResponse, qboString } from '../qbo/qbo-query';
import type { QboInvoice } from './qbo-invoice';

type InvoiceEnvelope = { Invoice: QboInvoice };

export const createInvoice = async (qbo: QboSession, fields: Record<string, unknown>, requestId: string) =>
  (await qbo.request<InvoiceEnvelope>({ method: 'POST', path: '/invoice', body: fields, requestId })).Invoice;

export const readInvoice = async (qbo: QboSession, id: string) =>
  (await qbo.request<InvoiceEnvelope>({ method: 'GET', path: `/invoice/${encodeURIComponent(id)}` })).Invoice;

/** Sparse: only the fields sent change, but a sent Line array replaces every line (qbo-reference §3.4). */
export const updateInvoice = async (
  qbo: QboSession,
  current: Pick<QboInvoice, 'Id' | 'SyncToken'>,
  fields: Record<string, unknown>,
) =>
  (
    await qbo.request<InvoiceEnvelope>({
      method: 'POST',
      path: '/invoice',
      body: { ...fields, Id: current.Id, SyncToken: current.SyncToken, sparse: true },
    })
  ).Invoice;

/** QuickBooks emails the invoice to its BillEmail (qbo-reference §9): the body is empty. */
export const sendInvoice = async (qbo: QboSession, id: string) =>
  (
    await qbo.request<InvoiceEnvelope>({
      method: 'POST',
      path: `/invoice/${encodeURIComponent(id)}/send`,
      contentType: 'application/octet-stream',
    })
  ).Invoice;

/** QuickBooks' own PDF of the invoice, in the company's form. */
export const invoicePdf = (qbo: QboSession, id: string) =>
  qbo.requestBytes({
    method: 'GET',
    path: `/invoice/${encodeURIComponent(id)}/pdf`,
    accept: 'application/pdf',
  });

/** All the given invoices in one query; ids QBO no longer has are simply absent. */
export const queryInvoicesById = async (qbo: QboSession, ids: string[]): Promise<QboInvoice[]> => {
  if (ids.length === 0) return [];
  const result = await qbo.query<QueryResponse<'Invoice', QboInvoice>>(
    `SELECT * FROM Invoice WHERE Id IN (${ids.map(qboString).join(', ')}) MAXRESULTS 1000`,
  );
  return result.QueryResponse?.Invoice ?? [];
};

// Item ids per realm and name, for the life of the Lambda container: items are stable, so one query each.
const itemIds = new Map<string, string>();

export const findItemId = async (qbo: QboSession, name: string): Promise<string | undefined> => {
  const cacheKey = `${qbo.realmId}:${name}`;
  const cached = itemIds.get(cacheKey);
  if (cached) return cached;
  const result = await qbo.query<QueryResponse<'Item', { Id: string }>>(
    `SELECT * FROM Item WHERE Name = ${qboString(name)} MAXRESULTS 1`,
  );
  const id = result.QueryResponse?.Item?.[0]?.Id;
  if (id) itemIds.set(cacheKey, id);
  return id;
};
