import { describe, expect, it } from 'vitest';
import {
  type BillableWork,
  buildInvoiceLines,
  type LineCatalogItem,
  mergeInvoiceLines,
  ownedLineIdsOf,
  UnmappedCatalogItemError,
} from '../../../../shared/invoices/invoice-lines';

const REALM = '9130350000000001';
const LABOUR: LineCatalogItem = {
  id: 'c-labour',
  name: 'Remote support',
  taxable: false,
  qboItems: { [REALM]: '7' },
};
const PART: LineCatalogItem = { id: 'c-part', name: 'Toner', taxable: true, qboItems: { [REALM]: '8' } };
const UNMAPPED: LineCatalogItem = { id: 'c-new', name: 'Onsite visit', taxable: false, qboItems: {} };
const catalog = new Map([LABOUR, PART, UNMAPPED].map((item) => [item.id, item]));

const time = (id: string, minutes: number, rateCents = 9500, date = '2026-11-30'): BillableWork => ({
  id,
  kind: 'time',
  catalogId: LABOUR.id,
  date,
  minutes,
  rateCents,
  description: `Work ${id}`,
  billable: true,
});
const part = (id: string, quantityHundredths: number, unitPriceCents: number): BillableWork => ({
  id,
  kind: 'part',
  catalogId: PART.id,
  date: '2026-12-01',
  quantityHundredths,
  unitPriceCents,
  description: `Part ${id}`,
  billable: true,
});
const build = (entries: BillableWork[], detail: 'entry' | 'summary' = 'entry', lineTaxCodes = true) =>
  buildInvoiceLines({ entries, catalog, realmId: REALM, detail, lineTaxCodes });

describe('one line per entry', () => {
  it('bills 2 time entries and a part with their items, dates, quantities and exact amounts', () => {
    const { lines, entryIds } = build([
      time('a', 90),
      time('b', 20, 9500, '2026-12-01'),
      part('c', 150, 1299),
    ]);

    expect(lines).toEqual([
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 142.5,
        Description: 'Work a',
        SalesItemLineDetail: {
          ItemRef: { value: '7' },
          ServiceDate: '2026-11-30',
          Qty: 1.5,
          UnitPrice: 95,
          TaxCodeRef: { value: 'NON' },
        },
      },
      expect.objectContaining({
        Amount: 31.35,
        SalesItemLineDetail: expect.objectContaining({ Qty: 0.33, UnitPrice: 95, ServiceDate: '2026-12-01' }),
      }),
      expect.objectContaining({
        Amount: 19.49,
        Description: 'Part c',
        SalesItemLineDetail: expect.objectContaining({
          ItemRef: { value: '8' },
          Qty: 1.5,
          UnitPrice: 12.99,
          TaxCodeRef: { value: 'TAX' },
        }),
      }),
    ]);
    expect(entryIds).toEqual([['a'], ['b'], ['c']]);
  });

  it('leaves out work that is not billable', () => {
    const { lines } = build([time('a', 30), { ...time('b', 45), billable: false }]);

    expect(lines.map((line) => line.Description)).toEqual(['Work a']);
  });

  it('leaves tax to QuickBooks where the company computes it (no line codes)', () => {
    const { lines } = build([part('c', 100, 500)], 'entry', false);

    expect(lines[0]?.SalesItemLineDetail).not.toHaveProperty('TaxCodeRef');
  });

  it('names every catalogue entry without an item in this company, and builds nothing', () => {
    const onsite = { ...time('x', 60), catalogId: UNMAPPED.id };

    expect(() => build([time('a', 30), onsite, { ...onsite, id: 'y' }])).toThrow(UnmappedCatalogItemError);
    expect(() => build([onsite])).toThrow(/“Onsite visit”.*Settings → Billing/);
  });
});

describe('summary detail', () => {
  it('puts each catalogue entry and rate on one line, summing minutes before rounding', () => {
    const { lines, entryIds } = build(
      [
        time('a', 20),
        time('b', 20, 9500, '2026-12-02'),
        time('c', 20, 12000),
        part('d', 100, 500),
        part('e', 250, 500),
      ],
      'summary',
    );

    expect(lines.map((line) => [line.Description, line.SalesItemLineDetail.Qty, line.Amount])).toEqual([
      ['Remote support', 0.67, 63.65],
      ['Remote support', 0.33, 39.6],
      ['Toner', 3.5, 17.5],
    ]);
    expect(lines[0]?.SalesItemLineDetail.ServiceDate).toBe('2026-12-02');
    expect(entryIds).toEqual([['a', 'b'], ['c'], ['d', 'e']]);
  });
});

describe('updating an invoice that has lines added in QuickBooks', () => {
  const handAdded = {
    Id: '5',
    DetailType: 'SalesItemLineDetail',
    Amount: 10,
    Description: 'Added by the bookkeeper',
  };
  const subtotal = { DetailType: 'SubTotalLineDetail', Amount: 152.5 };

  it('keeps the hand-added lines and replaces only the ones Deskbooks wrote, keeping their ids', () => {
    const { lines } = build([time('a', 90), time('b', 30)]);
    const current = [
      { Id: '1', DetailType: 'SalesItemLineDetail', Amount: 142.5, Description: 'old' },
      handAdded,
      subtotal,
    ];

    const merged = mergeInvoiceLines({ current, ownedLineIds: ['1'], lines });

    expect(merged).toEqual([handAdded, { ...lines[0], Id: '1' }, lines[1]]);
  });

  it('recognises its own line from an update it could not record, so a retry bills nothing twice', () => {
    const { lines } = build([time('a', 90)]);
    const unrecorded = { ...lines[0], Id: '9' } as { Id: string; DetailType: string };

    const merged = mergeInvoiceLines({ current: [handAdded, unrecorded, subtotal], ownedLineIds: [], lines });

    expect(merged).toEqual([handAdded, { ...lines[0], Id: '9' }]);
  });

  it('removes the lines of work no longer billed', () => {
    const current = [
      { Id: '1', DetailType: 'SalesItemLineDetail', Amount: 1, Description: 'a' },
      { Id: '2', DetailType: 'SalesItemLineDetail', Amount: 2, Description: 'b' },
      handAdded,
    ];

    expect(mergeInvoiceLines({ current, ownedLineIds: ['1', '2'], lines: [] })).toEqual([handAdded]);
  });

  it('reads back the ids QuickBooks gave Deskbooks’ lines (they come after the kept ones)', () => {
    const returned = [
      handAdded,
      { Id: '6', DetailType: 'SalesItemLineDetail' },
      { Id: '7', DetailType: 'SalesItemLineDetail' },
      subtotal,
    ];

    expect(ownedLineIdsOf(returned, 2)).toEqual(['6', '7']);
    expect(ownedLineIdsOf(returned, 0)).toEqual([]);
  });
});
