import { isRecord } from '../http';
import { findEntity, liveEntities, type RealmState } from '../store';
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

interface BuiltLines {
  lines: Body[];
  totalCents: number;
}

interface PricedLine {
  line: Body;
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

// With Qty and UnitPrice the amount is their product; a different Amount is refused (IPP 6070).
const salesAmountCents = (line: Body, detail: Body): number => {
  const amount = optionalNumber(line.Amount, 'Line.Amount');
  const qty = optionalNumber(detail.Qty, 'Line.SalesItemLineDetail.Qty');
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
      SalesItemLineDetail: {
        ...detail,
        ItemRef: itemRef(realm, detail),
        TaxCodeRef: detail.TaxCodeRef ?? { value: 'NON' },
      },
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
    cents: discountCents,
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

const withIds = (lines: Body[]) =>
  lines.map((line, index) => ({ Id: String(index + 1), LineNum: index + 1, ...line }));

/** Priced lines plus the SubTotal line Intuit adds to every response. */
export const buildLines = (realm: RealmState, input: unknown): BuiltLines => {
  const lines = inputLines(input).filter((line) => line.DetailType !== 'SubTotalLineDetail');
  const priced = lines.flatMap((line) => {
    if (line.DetailType === 'SalesItemLineDetail') return [salesLine(realm, line)];
    if (line.DetailType === 'DescriptionOnly') return [descriptionLine(line)];
    if (line.DetailType === 'DiscountLineDetail') return [];
    throw invalidPropertyError(
      'Line.DetailType',
      `Property Name:DetailType ${String(line.DetailType)} is not supported`,
    );
  });
  const subtotalCents = priced.reduce((sum, entry) => sum + entry.cents, 0);
  const discounts = lines
    .filter((line) => line.DetailType === 'DiscountLineDetail')
    .map((line) => discountLine(line, subtotalCents));
  const discountCents = discounts.reduce((sum, entry) => sum + entry.cents, 0);
  const subtotal = {
    Amount: fromCents(subtotalCents),
    DetailType: 'SubTotalLineDetail',
    SubTotalLineDetail: {},
  };
  return {
    lines: [...withIds([...priced, ...discounts].map((entry) => entry.line)), subtotal],
    totalCents: subtotalCents - discountCents,
  };
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
