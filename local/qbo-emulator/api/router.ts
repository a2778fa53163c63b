import type { EmulatorContext } from '../context';
import { headerValue, type Incoming, jsonReply, parseJsonObject, type Reply } from '../http';
import { type EntityName, liveEntities, type RealmState } from '../store';
import { isBatchCall, MAX_BATCH_REQUEST_ID_LENGTH, runBatch } from './batch';
import { changeDataCapture } from './cdc';
import {
  faultReply,
  invalidPropertyError,
  objectNotFoundError,
  QboFaultError,
  stringLengthError,
  unsupportedOperationError,
} from './faults';
import { invoicePdf } from './invoice-pdf';
import { sendInvoice } from './invoice-send';
import { envelope, invoiceOptionsOf, queryOutcome, writeEntity } from './operations';
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

const operationNameOf = (request: ApiRequest) => `${request.incoming.method} /${request.segments.join('/')}`;

const unsupported = (request: ApiRequest) => unsupportedOperationError(operationNameOf(request));

// CompanyInfo is read by realm id: `companyinfo/{realmId}`.
const companyInfo = (realm: RealmState, id: string) => {
  const row = id === realm.realmId ? liveEntities(realm, 'CompanyInfo')[0] : undefined;
  if (!row) throw objectNotFoundError(false);
  return row;
};

// A company has one Preferences, read without an id: `GET preferences`. Updates are not emulated.
const readPreferences = (request: ApiRequest): Reply =>
  jsonReply(
    200,
    envelope({ key: 'Preferences', value: liveEntities(request.realm, 'Preferences')[0] }, request.now),
  );

const readChanges = (request: ApiRequest): Reply => {
  const { realm, incoming, now } = request;
  return jsonReply(
    200,
    envelope({ key: 'CDCResponse', value: changeDataCapture(realm, incoming.url.searchParams, now) }, now),
  );
};

const readEntity = (request: ApiRequest, entity: EntityName, id: string): Reply => {
  const row =
    entity === 'CompanyInfo' ? companyInfo(request.realm, id) : requireLive(request.realm, entity, id);
  return jsonReply(200, envelope({ key: entity, value: row }, request.now));
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
    return jsonReply(200, envelope({ key: 'Invoice', value: sendInvoice(realm, id, sendTo, now) }, now));
  }
  if (incoming.method === 'GET' && action === 'pdf') return pdfReply(invoicePdf(realm, id));
  throw unsupported(request);
};

const runQueryRequest = (request: ApiRequest): Reply => {
  const { incoming, realm, now } = request;
  const text = incoming.method === 'POST' ? incoming.body : incoming.url.searchParams.get('query');
  return jsonReply(200, envelope(queryOutcome(realm, text), now));
};

const jsonBody = (incoming: Incoming): Body => {
  const body = parseJsonObject(incoming.body);
  if (!body) throw invalidPropertyError('', 'Request body is not a JSON object of the entity');
  return body;
};

const writeEntityRequest = (request: ApiRequest, entity: EntityName): Reply => {
  const { realm, now, incoming } = request;
  const outcome = writeEntity({
    realm,
    now,
    entity,
    operation: incoming.url.searchParams.get('operation'),
    readBody: () => jsonBody(incoming),
    options: invoiceOptionsOf(incoming.url),
    operationName: operationNameOf(request),
  });
  return jsonReply(200, envelope(outcome, now));
};

const runBatchRequest = (request: ApiRequest): Reply => {
  const { realm, now, incoming } = request;
  return jsonReply(200, envelope(runBatch(realm, incoming, now), now));
};

const dispatch = (request: ApiRequest): Reply => {
  const { method } = request.incoming;
  const [resource = '', id, ...extra] = request.segments;
  const entity = ENTITY_PATHS[resource];
  if (resource === 'query' && id === undefined && (method === 'GET' || method === 'POST'))
    return runQueryRequest(request);
  if (resource === 'preferences' && id === undefined && method === 'GET') return readPreferences(request);
  if (resource === 'cdc' && id === undefined && method === 'GET') return readChanges(request);
  if (isBatchCall(method, request.segments)) return runBatchRequest(request);
  if (entity === 'Invoice' && id !== undefined && extra.length === 1)
    return invoiceAction(request, id, extra[0] ?? '');
  if (!entity || extra.length > 0) throw unsupported(request);
  if (method === 'GET' && id !== undefined) return readEntity(request, entity, id);
  if (method === 'POST' && id === undefined && entity !== 'CompanyInfo')
    return writeEntityRequest(request, entity);
  throw unsupported(request);
};

// A batch's requestid is shorter (Intuit: 36 characters for batch, 50 otherwise).
const requestIdOf = (incoming: Incoming, segments: string[]): string | undefined => {
  const requestId = incoming.url.searchParams.get('requestid') ?? headerValue(incoming.headers, 'request-id');
  const max = isBatchCall(incoming.method, segments) ? MAX_BATCH_REQUEST_ID_LENGTH : MAX_REQUEST_ID_LENGTH;
  if (requestId && requestId.length > max) throw stringLengthError('requestid', max, requestId.length);
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
    requestId = requestIdOf(incoming, segments);
  } catch (error) {
    if (error instanceof QboFaultError) return faultReply(error, request.now);
    throw error;
  }
  return requestId === undefined ? execute(ctx, request) : executeOnce(ctx, request, requestId);
};
