import type { EmulatorContext } from '../context';
import { headerValue, type Incoming, jsonReply, parseJsonObject, type Reply } from '../http';
import { type EntityName, liveEntities, type RealmState } from '../store';
import { toPacificDateTime } from '../time-format';
import { changeDataCapture } from './cdc';
import {
  faultReply,
  invalidPropertyError,
  objectNotFoundError,
  QboFaultError,
  queryParserError,
  stringLengthError,
  unsupportedOperationError,
} from './faults';
import { invoicePdf } from './invoice-pdf';
import { sendInvoice } from './invoice-send';
import { createInvoice, deleteInvoice, type InvoiceOptions, updateInvoice, voidInvoice } from './invoices';
import { createItem, updateItem } from './items';
import { createNameEntity, type NameEntityKind, updateNameEntity } from './name-entities';
import { createPayment } from './payments';
import { runQuery } from './query-engine';
import { type Body, requireLive } from './validation';

const MAX_REQUEST_ID_LENGTH = 50;

const ENTITY_PATHS: Record<string, EntityName> = {
  account: 'Account',
  companyinfo: 'CompanyInfo',
  customer: 'Customer',
  employee: 'Employee',
  invoice: 'Invoice',
  item: 'Item',
  payment: 'Payment',
  vendor: 'Vendor',
};

interface ApiRequest {
  realm: RealmState;
  incoming: Incoming;
  segments: string[];
  now: number;
}

const envelope = (key: string, value: unknown, now: number) => ({
  [key]: value,
  time: toPacificDateTime(now, true),
});

const unsupported = (request: ApiRequest) =>
  unsupportedOperationError(`${request.incoming.method} /${request.segments.join('/')}`);

// CompanyInfo is read by realm id: `companyinfo/{realmId}`.
const companyInfo = (realm: RealmState, id: string) => {
  const row = id === realm.realmId ? liveEntities(realm, 'CompanyInfo')[0] : undefined;
  if (!row) throw objectNotFoundError(false);
  return row;
};

// A company has one Preferences, read without an id: `GET preferences`. Updates are not emulated.
const readPreferences = (request: ApiRequest): Reply =>
  jsonReply(200, envelope('Preferences', liveEntities(request.realm, 'Preferences')[0], request.now));

const readChanges = (request: ApiRequest): Reply => {
  const { realm, incoming, now } = request;
  return jsonReply(
    200,
    envelope('CDCResponse', changeDataCapture(realm, incoming.url.searchParams, now), now),
  );
};

const readEntity = (request: ApiRequest, entity: EntityName, id: string): Reply => {
  const row =
    entity === 'CompanyInfo' ? companyInfo(request.realm, id) : requireLive(request.realm, entity, id);
  return jsonReply(200, envelope(entity, row, request.now));
};

const pdfReply = (pdf: Buffer): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/pdf' },
  body: pdf,
});

// `POST invoice/{id}/send` takes no body (any content type); `GET invoice/{id}/pdf` answers the PDF
// whatever the Accept header says (what Intuit does without `Accept: application/pdf` is unverified).
const invoiceAction = (request: ApiRequest, id: string, action: string): Reply => {
  const { realm, now, incoming } = request;
  if (incoming.method === 'POST' && action === 'send') {
    const sendTo = incoming.url.searchParams.get('sendTo') || undefined;
    return jsonReply(200, envelope('Invoice', sendInvoice(realm, id, sendTo, now), now));
  }
  if (incoming.method === 'GET' && action === 'pdf') return pdfReply(invoicePdf(realm, id));
  throw unsupported(request);
};

const queryText = (request: ApiRequest): string => {
  const { incoming } = request;
  const text = incoming.method === 'POST' ? incoming.body : incoming.url.searchParams.get('query');
  if (!text?.trim())
    throw queryParserError('Encountered " <EOF> " at line 1, column 1. Was expecting: SELECT');
  return text;
};

const runQueryRequest = (request: ApiRequest): Reply =>
  jsonReply(200, envelope('QueryResponse', runQuery(request.realm, queryText(request)), request.now));

const jsonBody = (incoming: Incoming): Body => {
  const body = parseJsonObject(incoming.body);
  if (!body) throw invalidPropertyError('', 'Request body is not a JSON object of the entity');
  return body;
};

const hasId = (body: Body) => body.Id !== undefined && body.Id !== null && body.Id !== '';

const writeNameEntity = (
  kind: NameEntityKind,
  request: ApiRequest,
  body: Body,
  operation: string | null,
): Reply => {
  const entity =
    hasId(body) || operation === 'update'
      ? updateNameEntity(kind, request.realm, body, request.now)
      : createNameEntity(kind, request.realm, body, request.now);
  return jsonReply(200, envelope(kind, entity, request.now));
};

const writeInvoice = (request: ApiRequest, body: Body, operation: string | null): Reply => {
  const { realm, now, incoming } = request;
  const options: InvoiceOptions = {
    allowDuplicateDocNumber: (incoming.url.searchParams.get('include') ?? '').includes(
      'allowduplicatedocnum',
    ),
  };
  if (operation === 'delete')
    return jsonReply(200, envelope('Invoice', deleteInvoice(realm, body, now), now));
  if (operation === 'void') return jsonReply(200, envelope('Invoice', voidInvoice(realm, body, now), now));
  const invoice =
    hasId(body) || operation === 'update'
      ? updateInvoice(realm, body, now, options)
      : createInvoice(realm, body, now, options);
  return jsonReply(200, envelope('Invoice', invoice, now));
};

const writeEntity = (request: ApiRequest, entity: EntityName): Reply => {
  const operation = request.incoming.url.searchParams.get('operation');
  if (operation !== null && !['update', 'delete', 'void'].includes(operation)) throw unsupported(request);
  if ((operation === 'delete' || operation === 'void') && entity !== 'Invoice') throw unsupported(request);
  const body = jsonBody(request.incoming);
  const { realm, now } = request;
  switch (entity) {
    case 'Customer':
    case 'Vendor':
    case 'Employee':
      return writeNameEntity(entity, request, body, operation);
    case 'Item': {
      const item =
        hasId(body) || operation === 'update' ? updateItem(realm, body, now) : createItem(realm, body, now);
      return jsonReply(200, envelope('Item', item, now));
    }
    case 'Invoice':
      return writeInvoice(request, body, operation);
    case 'Payment':
      if (hasId(body) || operation) throw unsupported(request);
      return jsonReply(200, envelope('Payment', createPayment(realm, body, now), now));
    default:
      throw unsupported(request);
  }
};

const dispatch = (request: ApiRequest): Reply => {
  const { method } = request.incoming;
  const [resource = '', id, ...extra] = request.segments;
  const entity = ENTITY_PATHS[resource];
  if (resource === 'query' && id === undefined && (method === 'GET' || method === 'POST'))
    return runQueryRequest(request);
  if (resource === 'preferences' && id === undefined && method === 'GET') return readPreferences(request);
  if (resource === 'cdc' && id === undefined && method === 'GET') return readChanges(request);
  if (entity === 'Invoice' && id !== undefined && extra.length === 1)
    return invoiceAction(request, id, extra[0] ?? '');
  if (!entity || extra.length > 0) throw unsupported(request);
  if (method === 'GET' && id !== undefined) return readEntity(request, entity, id);
  if (method === 'POST' && id === undefined && entity !== 'CompanyInfo') return writeEntity(request, entity);
  throw unsupported(request);
};

const requestIdOf = (incoming: Incoming): string | undefined => {
  const requestId = incoming.url.searchParams.get('requestid') ?? headerValue(incoming.headers, 'request-id');
  if (requestId && requestId.length > MAX_REQUEST_ID_LENGTH)
    throw stringLengthError('requestid', MAX_REQUEST_ID_LENGTH, requestId.length);
  return requestId || undefined;
};

const execute = (ctx: EmulatorContext, request: ApiRequest): Reply => {
  try {
    return dispatch(request);
  } catch (error) {
    if (error instanceof QboFaultError) return faultReply(error, ctx.clock.now());
    throw error;
  }
};

// A repeated requestid replays the first answer instead of running the operation again.
const executeOnce = async (ctx: EmulatorContext, request: ApiRequest, requestId: string): Promise<Reply> => {
  const earlier = request.realm.replies.get(requestId);
  if (earlier) return earlier;
  const reply = Promise.resolve().then(() => execute(ctx, request));
  request.realm.replies.set(requestId, reply);
  const settled = await reply.catch(() => undefined);
  if (!settled || settled.status >= 500) request.realm.replies.delete(requestId);
  return reply;
};

/** Runs one `/v3/company/{realmId}/…` request after the gateway checks passed. */
export const handleApiRequest = async (
  ctx: EmulatorContext,
  realm: RealmState,
  incoming: Incoming,
  segments: string[],
): Promise<Reply> => {
  const request: ApiRequest = { realm, incoming, segments, now: ctx.clock.now() };
  let requestId: string | undefined;
  try {
    requestId = requestIdOf(incoming);
  } catch (error) {
    if (error instanceof QboFaultError) return faultReply(error, request.now);
    throw error;
  }
  return requestId === undefined ? execute(ctx, request) : executeOnce(ctx, request, requestId);
};
