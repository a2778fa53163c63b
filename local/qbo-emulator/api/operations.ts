import type { EntityName, RealmState } from '../store';
import { toPacificDateTime } from '../time-format';
import { queryParserError, unsupportedOperationError } from './faults';
import { createInvoice, deleteInvoice, type InvoiceOptions, updateInvoice, voidInvoice } from './invoices';
import { createItem, updateItem } from './items';
import { createNameEntity, type NameEntityKind, updateNameEntity } from './name-entities';
import { createPayment } from './payments';
import { runQuery } from './query-engine';
import type { Body } from './validation';

/**
 * What one operation answers: `{[key]: value, time}` on its own endpoint, `{bId, [key]: value}` as an
 * item of a batch. Operations throw a QboFaultError instead of answering.
 */
export interface Outcome {
  key: string;
  value: unknown;
}

export const envelope = ({ key, value }: Outcome, now: number) => ({
  [key]: value,
  time: toPacificDateTime(now, true),
});

/** One write, as `POST /{entity}[?operation=…]` or a batch item's `operation` asks for it. */
export interface WriteRequest {
  realm: RealmState;
  now: number;
  /** Undefined for a name the API has no entity for. */
  entity: EntityName | undefined;
  /** The `operation` query parameter's value; null without one (a create, or an update when Id is sent). */
  operation: string | null;
  /** Read only once the operation is known to be supported, so a bad operation is reported first. */
  readBody: () => Body;
  options: InvoiceOptions;
  /** How an unsupported operation is named in its fault, e.g. "POST /customer". */
  operationName: string;
}

export const invoiceOptionsOf = (url: URL): InvoiceOptions => ({
  allowDuplicateDocNumber: (url.searchParams.get('include') ?? '').includes('allowduplicatedocnum'),
});

const hasId = (body: Body) => body.Id !== undefined && body.Id !== null && body.Id !== '';

const isUpdate = (body: Body, operation: string | null) => hasId(body) || operation === 'update';

const writeNameEntity = (kind: NameEntityKind, write: WriteRequest, body: Body): Outcome => ({
  key: kind,
  value: isUpdate(body, write.operation)
    ? updateNameEntity(kind, write.realm, body, write.now)
    : createNameEntity(kind, write.realm, body, write.now),
});

const writeInvoice = (write: WriteRequest, body: Body): Outcome => {
  const { realm, now, operation, options } = write;
  if (operation === 'delete') return { key: 'Invoice', value: deleteInvoice(realm, body, now) };
  if (operation === 'void') return { key: 'Invoice', value: voidInvoice(realm, body, now) };
  return {
    key: 'Invoice',
    value: isUpdate(body, operation)
      ? updateInvoice(realm, body, now, options)
      : createInvoice(realm, body, now, options),
  };
};

/** Creates, updates, deletes or voids one entity: the rules of `POST /{entity}`, wherever it is asked. */
export const writeEntity = (write: WriteRequest): Outcome => {
  const { entity, operation, realm, now } = write;
  const unsupported = () => unsupportedOperationError(write.operationName);
  if (operation !== null && !['update', 'delete', 'void'].includes(operation)) throw unsupported();
  if ((operation === 'delete' || operation === 'void') && entity !== 'Invoice') throw unsupported();
  const body = write.readBody();
  switch (entity) {
    case 'Customer':
    case 'Vendor':
    case 'Employee':
      return writeNameEntity(entity, write, body);
    case 'Item':
      return {
        key: 'Item',
        value: isUpdate(body, operation) ? updateItem(realm, body, now) : createItem(realm, body, now),
      };
    case 'Invoice':
      return writeInvoice(write, body);
    case 'Payment':
      if (hasId(body) || operation) throw unsupported();
      return { key: 'Payment', value: createPayment(realm, body, now) };
    default:
      throw unsupported();
  }
};

/** A query's answer, as `GET /query` and a batch item's `Query` give it. */
export const queryOutcome = (realm: RealmState, text: string | null | undefined): Outcome => {
  if (!text?.trim())
    throw queryParserError('Encountered " <EOF> " at line 1, column 1. Was expecting: SELECT');
  return { key: 'QueryResponse', value: runQuery(realm, text) };
};
