import { isRecord } from '../http';
import {
  type Entity,
  findEntity,
  insertEntity,
  liveEntities,
  markDeleted,
  type RealmState,
  saveEntity,
} from '../store';
import { addDays, isIsoDate, toPacificDate } from '../time-format';
import { paidCentsFor, refreshCustomerBalance } from './balances';
import {
  businessRuleError,
  duplicateDocNumberError,
  invalidPropertyError,
  invalidReferenceError,
  requiredParamError,
} from './faults';
import { buildLines, lineHistoryOf, voidedLines } from './invoice-lines';
import { fromCents } from './money';
import {
  assertKnownFields,
  type Body,
  checkAddress,
  checkEmail,
  optionalNumber,
  optionalString,
  refValue,
  requireCurrent,
} from './validation';

const WRITABLE = new Set([
  ...['CustomerRef', 'Line', 'DocNumber', 'TxnDate', 'DueDate', 'PrivateNote', 'CustomerMemo', 'BillEmail'],
  ...['BillEmailCc', 'BillEmailBcc', 'BillAddr', 'ShipAddr', 'ShipFromAddr', 'SalesTermRef', 'EmailStatus'],
  ...[
    'PrintStatus',
    'ClassRef',
    'DepartmentRef',
    'CurrencyRef',
    'ExchangeRate',
    'CustomField',
    'TxnTaxDetail',
  ],
  ...['ApplyTaxAfterDiscount', 'AllowIPNPayment', 'AllowOnlinePayment', 'AllowOnlineCreditCardPayment'],
  ...['AllowOnlineACHPayment', 'Deposit', 'DepositToAccountRef', 'ShipMethodRef', 'ShipDate', 'TrackingNum'],
  ...['GlobalTaxCalculation', 'ProjectRef', 'TransactionLocationType', 'FreeFormAddress', 'DeliveryInfo'],
  ...['RecurDataRef', 'TaxExemptionRef', 'TxnSource'],
]);
const READ_ONLY = ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'TotalAmt', 'Balance', 'HomeTotalAmt'];
const ALLOWED = new Set([
  ...WRITABLE,
  ...READ_ONLY,
  'HomeBalance',
  'LinkedTxn',
  'InvoiceLink',
  'EInvoiceStatus',
]);
const EMAIL_STATUSES = new Set(['NotSet', 'NeedToSend', 'EmailSent']);
const USD = { value: 'USD', name: 'United States Dollar' };

export interface InvoiceOptions {
  allowDuplicateDocNumber: boolean;
}

const writableOf = (source: Body): Body =>
  Object.fromEntries(Object.entries(source).filter(([key]) => WRITABLE.has(key)));

const customerRef = (realm: RealmState, value: unknown) => {
  const id = refValue(value, 'CustomerRef');
  if (id === undefined) throw requiredParamError('CustomerRef');
  const customer = findEntity(realm, 'Customer', id);
  if (!customer) throw invalidReferenceError('CustomerRef', `Customer ${id} does not exist.`);
  if (customer.Active === false)
    throw invalidReferenceError(
      'CustomerRef',
      `Customer assigned to this transaction has been deleted. Before you can modify this transaction, you must restore ${String(customer.DisplayName)} (deleted).`,
    );
  return { value: customer.Id, name: customer.DisplayName };
};

const dateField = (value: unknown, element: string): string | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !isIsoDate(value.slice(0, 10))) throw invalidPropertyError(element);
  return value.slice(0, 10);
};

const nextDocNumber = (realm: RealmState): string => {
  const used = new Set(liveEntities(realm, 'Invoice').map((invoice) => invoice.DocNumber));
  while (used.has(String(realm.nextDocNumber))) realm.nextDocNumber += 1;
  return String(realm.nextDocNumber++);
};

const docNumber = (realm: RealmState, body: Body, options: InvoiceOptions, current?: Entity): string => {
  const given = optionalString(body.DocNumber, 'DocNumber', 21)?.trim();
  if (!given || given === 'AUTO_GENERATE')
    return current && !given ? String(current.DocNumber) : nextDocNumber(realm);
  const clash = liveEntities(realm, 'Invoice').find(
    (invoice) => invoice.DocNumber === given && invoice.Id !== current?.Id,
  );
  if (clash && !options.allowDuplicateDocNumber) throw duplicateDocNumberError(given, clash.Id);
  return given;
};

const customerMemo = (value: unknown) => {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidPropertyError('CustomerMemo');
  return { value: optionalString(value.value, 'CustomerMemo.value', 1000) ?? '' };
};

const emailStatus = (value: unknown) => {
  if (value === undefined || value === null) return 'NotSet';
  if (typeof value !== 'string' || !EMAIL_STATUSES.has(value)) throw invalidPropertyError('EmailStatus');
  return value;
};

// BillEmail is required when EmailStatus is NeedToSend (qbo-reference §9); the code, 2020, is unverified.
const assertMailable = (status: string, billEmail: Body | undefined) => {
  if (status === 'NeedToSend' && !billEmail?.Address) throw requiredParamError('BillEmail');
};

const headerFields = (
  realm: RealmState,
  now: number,
  body: Body,
  options: InvoiceOptions,
  current?: Entity,
) => {
  const txnDate =
    dateField(body.TxnDate, 'TxnDate') ?? (current?.TxnDate as string | undefined) ?? toPacificDate(now);
  const header = {
    CustomerRef: customerRef(realm, body.CustomerRef),
    DocNumber: docNumber(realm, body, options, current),
    TxnDate: txnDate,
    DueDate:
      dateField(body.DueDate, 'DueDate') ?? (current?.DueDate as string | undefined) ?? addDays(txnDate, 30),
    PrivateNote: optionalString(body.PrivateNote, 'PrivateNote', 4000),
    CustomerMemo: customerMemo(body.CustomerMemo),
    BillEmail: checkEmail(body.BillEmail, 'BillEmail'),
    BillAddr: checkAddress(body.BillAddr, 'BillAddr'),
    ShipAddr: checkAddress(body.ShipAddr, 'ShipAddr'),
    EmailStatus: emailStatus(body.EmailStatus),
    PrintStatus: body.PrintStatus ?? 'NotSet',
    Deposit: optionalNumber(body.Deposit, 'Deposit') ?? 0,
    CurrencyRef: USD,
    TxnTaxDetail: { TotalTax: 0 },
  };
  assertMailable(header.EmailStatus, header.BillEmail);
  return header;
};

const invoiceFields = (
  realm: RealmState,
  now: number,
  body: Body,
  options: InvoiceOptions,
  current?: Entity,
) => {
  const header = headerFields(realm, now, body, options, current);
  const history = current && lineHistoryOf(realm, current.Id, current.Line);
  const { lines, totalCents, lastLineId } = buildLines(realm, body.Line, history);
  const paidCents = current ? paidCentsFor(realm, current.Id) : 0;
  if (paidCents > totalCents)
    throw businessRuleError('The invoice total cannot be less than the payments applied to it.', 'Line');
  return {
    lastLineId,
    fields: {
      ...body,
      ...header,
      Line: lines,
      TotalAmt: fromCents(totalCents),
      Balance: fromCents(totalCents - paidCents),
      LinkedTxn: current?.LinkedTxn ?? [],
    },
  };
};

const customerIdOf = (invoice: Entity) =>
  isRecord(invoice.CustomerRef) ? String(invoice.CustomerRef.value) : '';

export const createInvoice = (
  realm: RealmState,
  body: Body,
  now: number,
  options: InvoiceOptions,
): Entity => {
  assertKnownFields(body, ALLOWED);
  const { fields, lastLineId } = invoiceFields(realm, now, writableOf(body), options);
  const invoice = insertEntity(realm, 'Invoice', fields, now);
  realm.lastLineIds.set(invoice.Id, lastLineId);
  refreshCustomerBalance(realm, customerIdOf(invoice));
  return findEntity(realm, 'Invoice', invoice.Id) ?? invoice;
};

export const updateInvoice = (
  realm: RealmState,
  body: Body,
  now: number,
  options: InvoiceOptions,
): Entity => {
  const current = requireCurrent(realm, 'Invoice', body);
  assertKnownFields(body, ALLOWED);
  const incoming = writableOf(body);
  // A sparse update keeps what it does not send, but a sent Line array replaces every line.
  const merged = body.sparse === true ? { ...writableOf(current), ...incoming } : incoming;
  const { fields, lastLineId } = invoiceFields(realm, now, merged, options, current);
  const saved = saveEntity(realm, 'Invoice', current, fields, now);
  realm.lastLineIds.set(saved.Id, lastLineId);
  refreshCustomerBalance(realm, customerIdOf(current));
  refreshCustomerBalance(realm, customerIdOf(saved));
  return saved;
};

export const deleteInvoice = (realm: RealmState, body: Body, now: number) => {
  const current = requireCurrent(realm, 'Invoice', body);
  markDeleted(realm, 'Invoice', current.Id, now);
  refreshCustomerBalance(realm, customerIdOf(current));
  return { Id: current.Id, status: 'Deleted', domain: 'QBO' };
};

// QBO has no void status: a voided invoice keeps its lines at zero and a "Voided" private note.
export const voidInvoice = (realm: RealmState, body: Body, now: number): Entity => {
  const current = requireCurrent(realm, 'Invoice', body);
  if (paidCentsFor(realm, current.Id) > 0)
    throw businessRuleError(
      'This transaction has payments applied to it; remove the payments before voiding.',
    );
  const note =
    typeof current.PrivateNote === 'string' && current.PrivateNote !== '' ? current.PrivateNote : '';
  const voided = saveEntity(
    realm,
    'Invoice',
    current,
    {
      ...current,
      Line: voidedLines(current.Line),
      TotalAmt: 0,
      Balance: 0,
      PrivateNote: note.startsWith('Voided') ? note : `Voided${note ? ` - ${note}` : ''}`,
    },
    now,
    { operation: 'Void' },
  );
  refreshCustomerBalance(realm, customerIdOf(voided));
  return voided;
};
