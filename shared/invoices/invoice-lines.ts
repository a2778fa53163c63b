import { hoursHundredthsOf, priceCents } from '../billing/entry-amount';
import { ConflictError } from '../errors';
import type { InvoiceDetail } from '../settings/settings';
import { withoutControlCharacters } from '../validation/one-line';
import { formatCents } from './money';

// The lines of an issue's QuickBooks invoice, from its billable work. Integers throughout: minutes,
// hundredths of an hour or a unit, cents; each line's amount is its entry's (shared/billing/entry-amount.ts).

export type BillableWork = {
  id: string;
  kind: 'time' | 'part';
  catalogId: string;
  /** YYYY-MM-DD, the line's ServiceDate. */
  date: string;
  minutes?: number;
  quantityHundredths?: number;
  rateCents?: number;
  unitPriceCents?: number;
  description: string;
  billable: boolean;
};

export type LineCatalogItem = {
  id: string;
  name: string;
  taxable: boolean;
  /** QBO item ids keyed by realm id. */
  qboItems: Record<string, string>;
  /** An item to find by name where there is no mapping (from the old "Invoice item" setting). */
  qboItemName?: string;
};

export type SalesLine = {
  Id?: string;
  DetailType: 'SalesItemLineDetail';
  Amount: number;
  Description: string;
  SalesItemLineDetail: {
    ItemRef: { value: string };
    ServiceDate: string;
    Qty: number;
    UnitPrice: number;
    TaxCodeRef?: { value: 'TAX' | 'NON' };
  };
};

export type QboLine = { Id?: string; DetailType: string; [field: string]: unknown };

const decimal = (hundredths: number) => Number(formatCents(hundredths));

/** A catalogue entry has no QuickBooks item in this company: name it and send the admin to map it. */
export class UnmappedCatalogItemError extends ConflictError {
  constructor(names: string[]) {
    super(
      `Map ${names.map((name) => `“${name}”`).join(', ')} to a QuickBooks product or service of this company in Settings → Billing first`,
      { unmapped: names, settings: '/settings/billing' },
    );
  }
}

type LineDraft = {
  catalog: LineCatalogItem;
  date: string;
  description: string;
  quantityHundredths: number;
  unitPriceCents: number;
  entryIds: string[];
};

const draftOf = (entry: BillableWork, catalog: LineCatalogItem): LineDraft =>
  entry.kind === 'time'
    ? {
        catalog,
        date: entry.date,
        description: entry.description || catalog.name,
        quantityHundredths: hoursHundredthsOf(entry.minutes ?? 0),
        unitPriceCents: entry.rateCents ?? 0,
        entryIds: [entry.id],
      }
    : {
        catalog,
        date: entry.date,
        description: entry.description || catalog.name,
        quantityHundredths: entry.quantityHundredths ?? 0,
        unitPriceCents: entry.unitPriceCents ?? 0,
        entryIds: [entry.id],
      };

// Summary: one line per catalogue entry and rate; time is summed in minutes before rounding to hours.
const summarize = (entries: BillableWork[], catalogOf: (entry: BillableWork) => LineCatalogItem) => {
  const groups = new Map<string, { drafts: LineDraft[]; minutes: number; entries: BillableWork[] }>();
  for (const entry of entries) {
    const price = entry.kind === 'time' ? entry.rateCents : entry.unitPriceCents;
    const key = `${entry.kind}|${entry.catalogId}|${price}`;
    const group = groups.get(key) ?? { drafts: [], minutes: 0, entries: [] };
    group.drafts.push(draftOf(entry, catalogOf(entry)));
    group.minutes += entry.minutes ?? 0;
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ drafts, minutes, entries: grouped }): LineDraft => {
    const [first] = drafts as [LineDraft, ...LineDraft[]];
    const isTime = grouped[0]?.kind === 'time';
    return {
      ...first,
      date:
        drafts
          .map((draft) => draft.date)
          .sort()
          .at(-1) ?? first.date,
      description: first.catalog.name,
      quantityHundredths: isTime
        ? hoursHundredthsOf(minutes)
        : drafts.reduce((sum, draft) => sum + draft.quantityHundredths, 0),
      entryIds: drafts.flatMap((draft) => draft.entryIds),
    };
  });
};

/**
 * The invoice's lines for the billable entries, in the viewer's company: each line's item is the
 * catalogue entry's QuickBooks item there, and `entryIds[i]` are the entries line i bills. Where the
 * company takes line tax codes (no automated sales tax), a taxable entry's line is TAX, else NON.
 */
export const buildInvoiceLines = (input: {
  entries: BillableWork[];
  catalog: ReadonlyMap<string, LineCatalogItem>;
  realmId: string;
  detail: InvoiceDetail;
  lineTaxCodes: boolean;
}): { lines: SalesLine[]; entryIds: string[][] } => {
  const billable = input.entries.filter((entry) => entry.billable);
  const catalogOf = (entry: BillableWork) => {
    const item = input.catalog.get(entry.catalogId);
    if (!item) throw new ConflictError('A billable entry names a catalogue entry that no longer exists');
    return item;
  };
  const unmapped = [...new Set(billable.map(catalogOf).filter((item) => !item.qboItems[input.realmId]))].map(
    (item) => item.name,
  );
  if (unmapped.length) throw new UnmappedCatalogItemError(unmapped);
  const drafts =
    input.detail === 'summary'
      ? summarize(billable, catalogOf)
      : billable.map((entry) => draftOf(entry, catalogOf(entry)));
  return {
    lines: drafts.map((draft) => ({
      DetailType: 'SalesItemLineDetail',
      Amount: decimal(priceCents(draft.quantityHundredths, draft.unitPriceCents)),
      Description: withoutControlCharacters(draft.description),
      SalesItemLineDetail: {
        ItemRef: { value: draft.catalog.qboItems[input.realmId] ?? '' },
        ServiceDate: draft.date,
        Qty: decimal(draft.quantityHundredths),
        UnitPrice: decimal(draft.unitPriceCents),
        ...(input.lineTaxCodes ? { TaxCodeRef: { value: draft.catalog.taxable ? 'TAX' : 'NON' } } : {}),
      },
    })),
    entryIds: drafts.map((draft) => draft.entryIds),
  };
};

const sameContent = (a: QboLine, b: SalesLine) => {
  const detail = a.SalesItemLineDetail as SalesLine['SalesItemLineDetail'] | undefined;
  return (
    a.DetailType === b.DetailType &&
    a.Amount === b.Amount &&
    a.Description === b.Description &&
    detail?.ItemRef?.value === b.SalesItemLineDetail.ItemRef.value &&
    detail?.Qty === b.SalesItemLineDetail.Qty &&
    detail?.UnitPrice === b.SalesItemLineDetail.UnitPrice &&
    detail?.ServiceDate === b.SalesItemLineDetail.ServiceDate
  );
};

/**
 * The Line array for an update: the invoice's lines that someone added in QuickBooks first, as they
 * are, then Deskbooks' lines, reusing the ids of the lines it wrote before so QuickBooks keeps them.
 * A line Deskbooks wrote whose id it never got to record (an update that failed after QuickBooks took
 * it) is recognised by its content, so a retried update does not bill the same work twice.
 */
export const mergeInvoiceLines = (input: {
  current: QboLine[];
  ownedLineIds: readonly string[];
  lines: SalesLine[];
}): QboLine[] => {
  const owned = new Set(input.ownedLineIds);
  const written = input.current.filter(
    (line) => line.Id !== undefined && line.DetailType !== 'SubTotalLineDetail',
  );
  const ours = written.filter(
    (line) => owned.has(line.Id ?? '') || input.lines.some((mine) => sameContent(line, mine)),
  );
  const theirs = written.filter((line) => !ours.includes(line));
  const reusable = ours.map((line) => line.Id as string);
  return [
    ...theirs,
    ...input.lines.map((line, index) => (index < reusable.length ? { ...line, Id: reusable[index] } : line)),
  ];
};

/** After a write, the ids QuickBooks gave Deskbooks' lines: the last `count` sales lines it returned. */
export const ownedLineIdsOf = (returned: QboLine[], count: number): string[] => {
  const sales = returned.filter((line) => line.DetailType !== 'SubTotalLineDetail');
  return count ? sales.slice(-count).map((line) => String(line.Id)) : [];
};
