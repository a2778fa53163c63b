// What a billable entry is worth, in integer cents: minutes / 60 × hourly rate, or quantity × unit
// price, rounded half up to the cent. BigInt, so no product ever passes through a float.

export type PricedWork =
  | { kind: 'time'; minutes: number; rateCents: number }
  | { kind: 'part'; quantityHundredths: number; unitPriceCents: number };

/** numerator / denominator rounded half up, for non-negative values. */
const divideHalfUp = (numerator: bigint, denominator: bigint): bigint =>
  (numerator * 2n + denominator) / (denominator * 2n);

/** 90 min at 95.00 = 142.50; 20 min at 95.00 = 31.67; 1.50 × 12.99 = 19.49 (19.485 rounds up). */
export const entryAmountCents = (work: PricedWork): number =>
  Number(
    work.kind === 'time'
      ? divideHalfUp(BigInt(work.minutes) * BigInt(work.rateCents), 60n)
      : divideHalfUp(BigInt(work.quantityHundredths) * BigInt(work.unitPriceCents), 100n),
  );
