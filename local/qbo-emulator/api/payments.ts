import { isRecord } from '../http';
import { type Entity, findEntity, insertEntity, isDeleted, type RealmState, saveEntity } from '../store';
import { toPacificDate } from '../time-format';
import { paidCentsFor, refreshCustomerBalance } from './balances';
import { businessRuleError, invalidPropertyError, invalidReferenceError, requiredParamError } from './faults';
import { fromCents, toCents } from './money';
import { assertKnownFields, type Body, optionalNumber, refValue } from './validation';

const ALLOWED = new Set([
  ...['CustomerRef', 'TotalAmt', 'Line', 'TxnDate', 'PaymentRefNum', 'PrivateNote', 'PaymentMethodRef'],
  ...['DepositToAccountRef', 'ARAccountRef', 'CurrencyRef', 'ExchangeRate', 'ProcessPayment', 'TxnSource'],
]);

interface Application {
  invoice: Entity;
  cents: number;
}

const linkedInvoiceId = (line: Body): string => {
  const links = Array.isArray(line.LinkedTxn) ? line.LinkedTxn.filter(isRecord) : [];
  const link = links.find((candidate) => candidate.TxnType === 'Invoice');
  if (!link || link.TxnId === undefined) throw requiredParamError('Line.LinkedTxn');
  return String(link.TxnId);
};

const applicationOf = (realm: RealmState, line: unknown, customerId: string): Application => {
  if (!isRecord(line)) throw invalidPropertyError('Line');
  const invoiceId = linkedInvoiceId(line);
  const invoice = findEntity(realm, 'Invoice', invoiceId);
  if (!invoice || isDeleted(realm, 'Invoice', invoiceId))
    throw invalidReferenceError('Line.LinkedTxn', `Invoice ${invoiceId} does not exist.`);
  if (!isRecord(invoice.CustomerRef) || invoice.CustomerRef.value !== customerId)
    throw businessRuleError(`Invoice ${invoiceId} belongs to another customer.`, 'Line.LinkedTxn');
  const amount = optionalNumber(line.Amount, 'Line.Amount');
  if (amount === undefined) throw requiredParamError('Line.Amount');
  const cents = toCents(amount);
  if (cents <= 0 || cents > toCents(Number(invoice.Balance ?? 0)))
    throw businessRuleError(
      `The amount applied to invoice ${invoiceId} must be positive and at most its balance.`,
      'Line.Amount',
    );
  return { invoice, cents };
};

const customerRef = (realm: RealmState, value: unknown) => {
  const id = refValue(value, 'CustomerRef');
  if (id === undefined) throw requiredParamError('CustomerRef');
  const customer = findEntity(realm, 'Customer', id);
  if (!customer || customer.Active === false)
    throw invalidReferenceError('CustomerRef', `Customer ${id} does not exist.`);
  return { value: customer.Id, name: customer.DisplayName };
};

const applyToInvoice = (realm: RealmState, invoiceId: string, paymentId: string, now: number) => {
  const invoice = findEntity(realm, 'Invoice', invoiceId);
  if (!invoice) return;
  const balanceCents = toCents(Number(invoice.TotalAmt ?? 0)) - paidCentsFor(realm, invoice.Id);
  const links = Array.isArray(invoice.LinkedTxn) ? invoice.LinkedTxn : [];
  // A payment changes the invoice (SyncToken, LastUpdatedTime, an Update webhook), as in QuickBooks.
  saveEntity(
    realm,
    'Invoice',
    invoice,
    {
      ...invoice,
      Balance: fromCents(balanceCents),
      LinkedTxn: [...links, { TxnId: paymentId, TxnType: 'Payment' }],
    },
    now,
  );
};

/** A received payment applied to invoices through Line[].LinkedTxn, as Intuit models it. */
export const createPayment = (realm: RealmState, body: Body, now: number): Entity => {
  assertKnownFields(body, ALLOWED);
  const customer = customerRef(realm, body.CustomerRef);
  const total = optionalNumber(body.TotalAmt, 'TotalAmt');
  if (total === undefined) throw requiredParamError('TotalAmt');
  const applications = (Array.isArray(body.Line) ? body.Line : []).map((line) =>
    applicationOf(realm, line, customer.value),
  );
  const appliedCents = applications.reduce((sum, application) => sum + application.cents, 0);
  if (appliedCents > toCents(total))
    throw businessRuleError('The amounts applied exceed the payment total.', 'TotalAmt');
  const payment = insertEntity(
    realm,
    'Payment',
    {
      CustomerRef: customer,
      TxnDate: typeof body.TxnDate === 'string' ? body.TxnDate : toPacificDate(now),
      TotalAmt: fromCents(toCents(total)),
      UnappliedAmt: fromCents(toCents(total) - appliedCents),
      ProcessPayment: false,
      CurrencyRef: { value: 'USD', name: 'United States Dollar' },
      PrivateNote: typeof body.PrivateNote === 'string' ? body.PrivateNote : undefined,
      Line: applications.map(({ invoice, cents }) => ({
        Amount: fromCents(cents),
        LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }],
      })),
    },
    now,
  );
  const invoiceIds = new Set(applications.map(({ invoice }) => invoice.Id));
  for (const invoiceId of invoiceIds) applyToInvoice(realm, invoiceId, payment.Id, now);
  refreshCustomerBalance(realm, customer.value);
  return payment;
};
