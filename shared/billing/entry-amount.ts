// What a billable entry is worth, in integer cents, exactly as its QuickBooks invoice line will bill
// it: hours to 2 places × hourly rate, or quantity × unit price, rounded half up to the cent. BigInt,
// so no product ever passes through a float.

export type PricedWork =
  | { kind: 'time'; minutes: number; rateCents: number }
  | { kind: 'part'; quantityHundredths: number; unitPriceCents: number };

/** numerator / denominator rounded half up, for non-negative values. */
const divideHalfUp = (numerator: bigint, denominator: bigint): bigint =>
  (numerator * 2n + denominator) / (denominator * 2n);

/**
 * Hours to 2 places, as hundredths, rounded half up: 20 minutes is 0.33 h. QuickBooks takes a line's
 * Qty with 2 places and checks Amount = Qty × UnitPrice, so time is priced from this rounded count.
 */
export const hoursHundredthsOf = (minutes: number): number =>
  Number(divideHalfUp(BigInt(minutes) * 100n, 60n));

/** Qty (in hundredths) × a price in cents, rounded half up to the cent: 1.50 × 12.99 = 19.49. */
export const priceCents = (quantityHundredths: number, unitPriceCents: number): number =>
  Number(divideHalfUp(BigInt(quantityHundredths) * BigInt(unitPriceCents), 100n));

/** 90 min at 95.00 = 1.50 h = 142.50; 20 min at 95.00 = 0.33 h = 31.35; 1.50 × 12.99 = 19.49. */
export const entryAmountCents = (work: PricedWork): number =>
  work.kind === 'time'
    ? priceCents(hoursHundredthsOf(work.minutes), work.rateCents)
    : priceCents(work.quantityHundredths, work.unitPriceCents);
