// Amounts are kept in integer cents so 3 × 33.33 is 99.99, not 99.99000000000001.
export const toCents = (amount: number): number => Math.round(Number((amount * 100).toPrecision(15)));

export const fromCents = (cents: number): number => cents / 100;

export const productInCents = (qty: number, unitPrice: number): number =>
  Math.round(Number((qty * unitPrice * 100).toPrecision(12)));

/** "$1234.50", as the emulator's invoice page and PDF show amounts. */
export const formatUsd = (value: unknown): string => `$${Number(value ?? 0).toFixed(2)}`;
