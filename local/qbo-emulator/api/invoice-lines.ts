import { isRecord } from '../http';
import { findEntity, liveEntities, type RealmState } from '../store';
import { isIsoDate } from '../time-format';
import {
  amountMismatchError,
  invalidPropertyError,
  invalidReferenceError,
  requiredParamError,
} from './faults';
import { fromCents, productInCents, toCents } from './money';
import {
  assertKnownFields,
  type Body,
  optionalBoolean,
  optionalNumber,
  optionalString,
  pickDefined,
  refValue,
} from './validation';

const LINE_FIELDS = new Set([
  ...['Id', 'LineNum', 'Description', 'Amount', 'DetailType', 'LinkedTxn', 'ProjectRef'],
  ...['SalesItemLineDetail', 'SubTotalLineDetail', 'DescriptionLineDetail', 'DiscountLineDetail'],
]);
const SALES_DETAIL_FIELDS = new Set([
  ...[
    'ItemRef',
    'ClassRef',
    'UnitPrice',
    'Qty',
    'ItemAccountRef',
    'TaxCodeRef',
    'ServiceDate',
    'DiscountRate',
  ],
  ...['DiscountAmt', 'TaxInclusiveAmt', 'MarkupInfo', 'TaxClassificationRef'],
]);
const DISCOUNT_DETAIL_FIELDS = new Set([
  'PercentBased',
  'DiscountPercent',
  'DiscountAccountRef',
  'TaxCodeRef',
  'ClassRef',
]);

// A US company's lines carry only these pseudo codes (qbo-reference §9), with automated sales tax or
// without: AST works out the rates and the invoice's tax code itself, from the addresses.
const US_TAX_CODES = new Set(['TAX', 'NON']);
// Since 2018 a US line without a tax code counts as taxable (qbo-reference §9).
const DEFAULT_TAX_CODE = 'TAX';

/** What an update needs to know about the lines an invoice has now. */
export interface LineHistory {
  /** Ids of the invoice's current lines. */
  ids: ReadonlySet<string>;
  /** The highest line Id the invoice ever had (removed lines included). */
  lastId: number;
}

interface BuiltLines {
  lines: Body[];
  totalCents: number;
  /** The highest line Id issued so far, for the next update's LineHistory. */
  lastLineId: number;
}

interface PricedLine {
  line: Body;
  /** What the line adds to the total: negative for a discount. */
  cents: number;
}

const detailOf = (line: Body, key: string, allowed: ReadonlySet<string>): Body => {
  const detail = line[key] ?? {};
  if (!isRecord(detail)) throw invalidPropertyError(`Line.${key}`);
  assertKnownFields(detail, allowed, `Line.${key}.`);
  return detail;
};

const defaultItemId = (realm: RealmState) =>
  liveEntities(realm, 'Item').find((item) => item.Name === 'Services' && item.Active !== false)?.Id;

const itemRef = (realm: RealmState, detail: Body) => {
  const element = 'Line.SalesItemLineDetail.ItemRef';
  const id = refValue(detail.ItemRef, element) ?? defaultItemId(realm);
  if (id === undefined) throw requiredParamError(element);
  const item = findEntity(realm, 'Item', id);
  if (!item || item.Active === false)
    throw invalidReferenceError(element, `Item ${id} does not exist or is inactive.`);
  return { value: item.Id, name: item.Name };
};

const taxCodeRef = (detail: Body) => {
  const element = 'Line.SalesItemLineDetail.TaxCodeRef';
  const code = refValue(detail.TaxCodeRef, element) ?? DEFAULT_TAX_CODE;
  if (!US_TAX_CODES.has(code))
    throw invalidReferenceError(element, `TaxCode ${code} does not exist. Use TAX or NON.`);
  return { value: code };
};

// Intuit reads ServiceDate as a date: anything else fails deserialisation, which it reports as 2010.
// The exact Detail text for a bad date is unverified.
const serviceDate = (detail: Body): string | undefined => {
  const value = detail.ServiceDate;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !isIsoDate(value))
    throw invalidPropertyError('Line.SalesItemLineDetail.ServiceDate');
  return value;
};

// The reference documents no rule on a negative Qty (QuickBooks is thought to take credit lines and
// refuse only a negative total), so none is enforced here.
const quantity = (detail: Body): number | undefined =>
  optionalNumber(detail.Qty, 'Line.SalesItemLineDetail.Qty');

// With Qty and UnitPrice the amount is their product; a different Amount is refused (IPP 6070).
const salesAmountCents = (line: Body, detail: Body): number => {
  const amount = optionalNumber(line.Amount, 'Line.Amount');
  const qty = quantity(detail);
  const unitPrice = optionalNumber(detail.UnitPrice, 'Line.SalesItemLineDetail.UnitPrice');
  if (qty !== undefined && unitPrice !== undefined) {
    const cents = productInCents(qty, unitPrice);
    if (amount !== undefined && toCents(amount) !== cents) throw amountMismatchError(amount);
    return cents;
  }
  if (amount === undefined) throw requiredParamError('Line.Amount');
  return toCents(amount);
};

const salesLine = (realm: RealmState, line: Body): PricedLine => {
  const detail = detailOf(line, 'SalesItemLineDetail', SALES_DETAIL_FIELDS);
  const cents = salesAmountCents(line, detail);
  return {
    cents,
    line: {
      Description: optionalString(line.Description, 'Line.Description', 4000),
      Amount: fromCents(cents),
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: pickDefined({
        ...detail,
        ItemRef: itemRef(realm, detail),
        ServiceDate: serviceDate(detail),
        TaxCodeRef: taxCodeRef(detail),
      }),
    },
  };
};

const descriptionLine = (line: Body): PricedLine => ({
  cents: 0,
  line: {
    Description: optionalString(line.Description, 'Line.Description', 4000),
    DetailType: 'DescriptionOnly',
    DescriptionLineDetail: isRecord(line.DescriptionLineDetail) ? line.DescriptionLineDetail : {},
  },
});

const discountLine = (line: Body, subtotalCents: number): PricedLine => {
  const detail = detailOf(line, 'DiscountLineDetail', DISCOUNT_DETAIL_FIELDS);
  const percentBased = optionalBoolean(detail.PercentBased, 'Line.DiscountLineDetail.PercentBased') ?? false;
  const percent = optionalNumber(detail.DiscountPercent, 'Line.DiscountLineDetail.DiscountPercent');
  const amount = optionalNumber(line.Amount, 'Line.Amount');
  const cents =
    percentBased && percent !== undefined ? Math.round((subtotalCents * percent) / 100) : undefined;
  if (cents === undefined && amount === undefined) throw requiredParamError('Line.Amount');
  const discountCents = cents ?? toCents(amount ?? 0);
  return {
    cents: -discountCents,
    line: {
      Description: optionalString(line.Description, 'Line.Description', 4000),
      Amount: fromCents(discountCents),
      DetailType: 'DiscountLineDetail',
      DiscountLineDetail: { ...detail, PercentBased: percentBased },
    },
  };
};

const inputLines = (input: unknown): Body[] => {
  if (!Array.isArray(input) || input.length === 0) throw requiredParamError('Line');
  return input.map((line) => {
    if (!isRecord(line)) throw invalidPropertyError('Line');
    assertKnownFields(line, LINE_FIELDS, 'Line.');
    if (typeof line.DetailType !== 'string' || line.DetailType === '')
      throw requiredParamError('Line.DetailType');
    return line;
  });
};

const sentLineId = (line: Body): string | undefined => {
  const id = line.Id;
  if (id === undefined || id === null || id === '') return undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw invalidPropertyError('Line.Id');
  return String(id);
};

// A sent line with the Id of one of the invoice's lines keeps that Id; any other line gets an Id the
// invoice never had. A create ignores sent Ids (a read invoice can be posted again as a copy).
// The fault for an Id that is not a line of the invoice is unverified: 2500 on Line.Id is our choice.
const assignLineIds = (lines: Body[], history: LineHistory | undefined) => {
  let lastId = history?.lastId ?? 0;
  const kept = new Set<string>();
  const ids = lines.map((line) => {
    const sent = history ? sentLineId(line) : undefined;
    if (sent === undefined) {
      lastId += 1;
      return String(lastId);
    }
    if (!history?.ids.has(sent) || kept.has(sent))
      throw invalidReferenceError('Line.Id', `Line ${sent} is not a line of this invoice.`);
    kept.add(sent);
    return sent;
  });
  return { ids, lastId };
};

const priceLine = (realm: RealmState, line: Body): PricedLine => {
  if (line.DetailType === 'SalesItemLineDetail') return salesLine(realm, line);
  if (line.DetailType === 'DescriptionOnly') return descriptionLine(line);
  throw invalidPropertyError(
    'Line.DetailType',
    `Property Name:DetailType ${String(line.DetailType)} is not supported`,
  );
};

const isDiscount = (line: Body) => line.DetailType === 'DiscountLineDetail';

const sumCents = (entries: readonly (PricedLine | undefined)[]) =>
  entries.reduce((sum, entry) => sum + (entry?.cents ?? 0), 0);

/**
 * Priced lines in the order sent, numbered by LineNum, plus the SubTotal line Intuit adds to every
 * response. `history` is the invoice's current lines on an update, absent on a create.
 */
export const buildLines = (realm: RealmState, input: unknown, history?: LineHistory): BuiltLines => {
  const sent = inputLines(input).filter((line) => line.DetailType !== 'SubTotalLineDetail');
  const undiscounted = sent.map((line) => (isDiscount(line) ? undefined : priceLine(realm, line)));
  const subtotalCents = sumCents(undiscounted);
  const priced = sent.map((line, index) => undiscounted[index] ?? discountLine(line, subtotalCents));
  const { ids, lastId } = assignLineIds(sent, history);
  const subtotal = {
    Amount: fromCents(subtotalCents),
    DetailType: 'SubTotalLineDetail',
    SubTotalLineDetail: {},
  };
  return {
    lines: [
      ...priced.map((entry, index) => ({ Id: ids[index], LineNum: index + 1, ...entry.line })),
      subtotal,
    ],
    totalCents: sumCents(priced),
    lastLineId: lastId,
  };
};

/** The Ids of an invoice's lines now and the highest it ever had. */
export const lineHistoryOf = (realm: RealmState, invoiceId: string, lines: unknown): LineHistory => {
  const ids = (Array.isArray(lines) ? lines : [])
    .filter(isRecord)
    .map((line) => line.Id)
    .filter((id): id is string => typeof id === 'string');
  const numeric = ids.map(Number).filter(Number.isInteger);
  return { ids: new Set(ids), lastId: Math.max(realm.lastLineIds.get(invoiceId) ?? 0, 0, ...numeric) };
};

export const voidedLines = (lines: unknown): Body[] =>
  (Array.isArray(lines) ? lines : []).filter(isRecord).map((line) => {
    const detail = line.SalesItemLineDetail;
    return {
      ...line,
      ...(line.Amount === undefined ? {} : { Amount: 0 }),
      ...(isRecord(detail) ? { SalesItemLineDetail: { ...detail, Qty: 0 } } : {}),
    };
  });
