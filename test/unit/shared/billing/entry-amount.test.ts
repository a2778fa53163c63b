import { describe, expect, it } from 'vitest';
import { entryAmountCents, hoursHundredthsOf } from '../../../../shared/billing/entry-amount';

describe('what a billable entry is worth', () => {
  it.each([
    [90, 150],
    [20, 33],
    [50, 83],
    [1, 2],
    [60, 100],
    [1440, 2400],
  ])('bills %i minutes as %i hundredths of an hour (2 places, half up)', (minutes, hundredths) => {
    expect(hoursHundredthsOf(minutes)).toBe(hundredths);
  });

  // Priced from the rounded hours, as QuickBooks checks Amount = Qty × UnitPrice on the invoice line.
  it.each([
    [90, 9500, 14250],
    [20, 9500, 3135],
    [1, 9500, 190],
    [1, 3000, 60],
    [1, 30, 1],
    [1, 24, 0],
    [1440, 999_999_999, 23_999_999_976],
    [60, 0, 0],
  ])(
    'prices %i minutes at %i cents an hour as %i cents, from hours to 2 places',
    (minutes, rateCents, cents) => {
      expect(entryAmountCents({ kind: 'time', minutes, rateCents })).toBe(cents);
    },
  );

  it.each([
    [150, 1299, 1949],
    [50, 1, 1],
    [49, 1, 0],
    [100, 1299, 1299],
    [333, 333, 1109],
    [10_000_000, 999_999_999, 99_999_999_900_000],
  ])(
    'prices %i hundredths of a part at %i cents as %i cents, half up',
    (quantityHundredths, unitPriceCents, cents) => {
      expect(entryAmountCents({ kind: 'part', quantityHundredths, unitPriceCents })).toBe(cents);
    },
  );

  it('never loses a cent where a float product would', () => {
    // 1.15 × 1.15 = 1.3225 → 1.32; 0.5 × 0.05 = 0.025 → 0.03 (a float gives 0.024999…).
    expect(entryAmountCents({ kind: 'part', quantityHundredths: 115, unitPriceCents: 115 })).toBe(132);
    expect(entryAmountCents({ kind: 'part', quantityHundredths: 50, unitPriceCents: 5 })).toBe(3);
  });
});
