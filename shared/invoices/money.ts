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

export const formatCents = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
};

/** What QBO's JSON wants for an amount: a number; parsing a 2-place decimal string gives the exact nearest value. */
export const toQboAmount = (cents: number): number => Number(formatCents(cents));
