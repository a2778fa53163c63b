import { type Incoming, isRecord, parseJsonObject } from '../http';
import { type Metering, SINGLE_CALL } from '../limits';
import { ENTITY_NAMES, type RealmState } from '../store';
import {
  businessRuleError,
  faultOf,
  invalidPropertyError,
  QboFaultError,
  requiredParamError,
  stringLengthError,
  unsupportedOperationError,
} from './faults';
import type { InvoiceOptions } from './invoices';
import { invoiceOptionsOf, type Outcome, queryOutcome, writeEntity } from './operations';
import type { Body } from './validation';

/** Intuit's documented maximum (qbo-reference §5 notes 10 and 50 were also said). */
export const MAX_BATCH_ITEMS = 30;
/** Intuit: "For batch operations, the RequestID supports a maximum of 36 characters" (50 elsewhere). */
export const MAX_BATCH_REQUEST_ID_LENGTH = 36;
/** Intuit allows 10 characters per bId "when RequestID is also specified"; enforced always here. */
const MAX_BID_LENGTH = 10;
/** The fields of a BatchItemRequest other than the entity it carries. */
const ITEM_FIELDS = new Set(['bId', 'operation', 'optionsData']);

interface QueryItem {
  bId: string;
  query: string;
}

interface EntityItem {
  bId: string;
  /** The entity's name as the item spells it, e.g. "Customer". */
  entityKey: string;
  operation: string;
  optionsData: unknown;
  body: Body;
}

type BatchItem = QueryItem | EntityItem;

export const isBatchCall = (method: string, segments: readonly string[]) =>
  method === 'POST' && segments.length === 1 && segments[0] === 'batch';

/**
 * How much of the realm's budget a call takes, read before the API runs: a batch is metered like its
 * items, one unit each, and also counts as a batch call; a body with no item list counts as one unit
 * (and then fails in the API with a 400).
 */
export const meteringOf = (incoming: Incoming, segments: readonly string[]): Metering => {
  if (!isBatchCall(incoming.method, segments)) return SINGLE_CALL;
  const items = parseJsonObject(incoming.body)?.BatchItemRequest;
  return { units: Array.isArray(items) ? Math.max(1, items.length) : 1, batchCall: true };
};

// Whole-request faults are 400 ValidationFaults before any item runs. Their codes and texts are
// unverified: 2020/2010/2050 follow what the single endpoints answer for a missing, invalid or too
// long field; 6000 for the batch's own rules follows the 6000 Intuit answered for a batch's too long
// request_id (QuickBooks-V3-Java-SDK issue 180).
const malformedItem = (bId: string) =>
  invalidPropertyError(
    'BatchItemRequest',
    `BatchItemRequest bId=${bId} must carry either a Query or one entity with an operation`,
  );

const bIdOf = (item: Record<string, unknown>, seen: Set<string>): string => {
  const { bId } = item;
  if (bId === undefined || bId === null || bId === '') throw requiredParamError('BatchItemRequest.bId');
  if (typeof bId !== 'string')
    throw invalidPropertyError('BatchItemRequest.bId', 'Property Name:bId must be a string');
  if (bId.length > MAX_BID_LENGTH)
    throw stringLengthError('BatchItemRequest.bId', MAX_BID_LENGTH, bId.length);
  if (seen.has(bId))
    throw businessRuleError(
      `bId ${bId} is used by more than one BatchItemRequest; every bId must be unique in a batch.`,
      'BatchItemRequest.bId',
    );
  seen.add(bId);
  return bId;
};

const parseItem = (value: unknown, seen: Set<string>): BatchItem => {
  if (!isRecord(value))
    throw invalidPropertyError('BatchItemRequest', 'Every BatchItemRequest must be a JSON object');
  const bId = bIdOf(value, seen);
  const fields = Object.keys(value).filter((field) => field !== 'bId');
  if ('Query' in value) {
    if (typeof value.Query !== 'string' || fields.length !== 1) throw malformedItem(bId);
    return { bId, query: value.Query };
  }
  const entityKeys = fields.filter((field) => !ITEM_FIELDS.has(field));
  const entityKey = entityKeys[0];
  const body = entityKey === undefined ? undefined : value[entityKey];
  if (
    entityKeys.length !== 1 ||
    entityKey === undefined ||
    !isRecord(body) ||
    typeof value.operation !== 'string'
  )
    throw malformedItem(bId);
  return { bId, entityKey, operation: value.operation, optionsData: value.optionsData, body };
};

const parseBatch = (text: string): BatchItem[] => {
  const body = parseJsonObject(text);
  if (!body) throw invalidPropertyError('', 'Request body is not a JSON object with a BatchItemRequest list');
  const items = body.BatchItemRequest;
  if (items === undefined || items === null || (Array.isArray(items) && items.length === 0))
    throw requiredParamError('BatchItemRequest');
  if (!Array.isArray(items))
    throw invalidPropertyError('BatchItemRequest', 'Property Name:BatchItemRequest must be a list');
  if (items.length > MAX_BATCH_ITEMS)
    throw businessRuleError(
      `A batch carries at most ${MAX_BATCH_ITEMS} BatchItemRequest items; this one has ${items.length}.`,
      'BatchItemRequest',
    );
  const seen = new Set<string>();
  return items.map((item) => parseItem(item, seen));
};

// The single call each batch operation stands for: create is `POST /{entity}`, update and delete add
// `?operation=update|delete`, and update with optionsData "void" is `?operation=void`.
const SINGLE_CALL_OPERATIONS = new Map<string, string | null>([
  ['create', null],
  ['update', 'update'],
  ['delete', 'delete'],
]);

const singleCallOperation = (operation: string, optionsData: unknown): string | null | undefined => {
  if (optionsData === undefined) return SINGLE_CALL_OPERATIONS.get(operation);
  return operation === 'update' && optionsData === 'void' ? 'void' : undefined;
};

const writeItem = (realm: RealmState, now: number, options: InvoiceOptions, item: EntityItem): Outcome => {
  const operationName = `POST /${item.entityKey.toLowerCase()}`;
  const operation = singleCallOperation(item.operation, item.optionsData);
  if (operation === undefined) throw unsupportedOperationError(operationName);
  return writeEntity({
    realm,
    now,
    entity: ENTITY_NAMES.find((name) => name === item.entityKey),
    operation,
    readBody: () => item.body,
    options,
    operationName,
  });
};

// Each item runs on its own, like the single call it stands for: a failed item carries that call's Fault
// and changes nothing else (no rollback of the items before it).
const runItem = (
  realm: RealmState,
  now: number,
  options: InvoiceOptions,
  item: BatchItem,
): Record<string, unknown> => {
  try {
    const outcome = 'query' in item ? queryOutcome(realm, item.query) : writeItem(realm, now, options, item);
    return { bId: item.bId, [outcome.key]: outcome.value };
  } catch (error) {
    if (error instanceof QboFaultError) return { bId: item.bId, Fault: faultOf(error) };
    throw error;
  }
};

/** `POST /batch`: every item in order, answered as `BatchItemResponse` in the same order. */
export const runBatch = (realm: RealmState, incoming: Incoming, now: number): Outcome => {
  const items = parseBatch(incoming.body);
  const options = invoiceOptionsOf(incoming.url);
  return { key: 'BatchItemResponse', value: items.map((item) => runItem(realm, now, options, item)) };
};
