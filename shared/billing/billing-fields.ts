import { toCents } from '../invoices/money';
import * as z from '../validation/zod';

// Money and quantities arrive as decimal strings with at most 2 places and are kept as integers:
// cents, and hundredths of a unit. Never a float (DESIGN §5, "Lines").

const RATE_FORMAT = 'Use an amount like 95 or 95.00 (at most 2 decimals)';
/** A rate or unit price ("95", "95.5", "95.00", at most 9 999 999.99) as integer cents. */
export const RateSchema = /* @__PURE__ */ z.lazy(() =>
  z.pipe(
    z.string(RATE_FORMAT).check(z.trim(), z.regex(/^\d{1,7}(\.\d{1,2})?$/, RATE_FORMAT)),
    z.transform((value) => toCents(value)),
  ),
);

/** A whole number from `min` to `max` (JSON numbers only: "90" is not 90). */
export const wholeNumberSchema = (min: number, max: number, why: string) =>
  z.int(why).check(z.gte(min, why), z.lte(max, why));
