// Money moves as integer cents or as decimal strings with two places, never through float arithmetic.

/** Cents from a decimal string ("150.5", "150.50") or a QBO amount (a JSON number with ≤ 2 decimals). */
export const toCents = (amount: string | number): number => {
  const text = typeof amount === 'number' ? amount.toFixed(2) : amount.trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new RangeError(`Not an amount: ${text}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign ? -cents : cents;
};

/** Two places from integer cents (a bigint for sums past Number's exact integers). */
export const formatCents = (cents: number | bigint): string => {
  const value = BigInt(cents);
  const sign = value < 0n ? '-' : '';
  const absolute = value < 0n ? -value : value;
  return `${sign}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`;
};

/** What QBO's JSON wants for an amount: a number; parsing a 2-place decimal string gives the exact nearest value. */
export const toQboAmount = (cents: number): number => Number(formatCents(cents));
