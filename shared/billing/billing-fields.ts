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

// A QuickBooks id: digits, as QBO's own ids are (realm ids and entity ids alike).
const QBO_ID = /^\d{1,20}$/;
export const QboIdSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .string('Use a QuickBooks id (digits only, at most 20)')
    .check(z.regex(QBO_ID, 'Use a QuickBooks id (digits only, at most 20)')),
);

export const MAX_REALMS = 20;
const realmKeysCheck = () =>
  z.refine<Record<string, unknown>>(
    (map: Record<string, unknown>) => Object.keys(map).every((realmId) => QBO_ID.test(realmId)),
    'Key each QuickBooks item id by its company (realm) id: digits only, at most 20',
  );
const realmCountCheck = () =>
  z.refine<Record<string, unknown>>(
    (map: Record<string, unknown>) => Object.keys(map).length <= MAX_REALMS,
    `At most ${MAX_REALMS} QuickBooks companies`,
  );

/** The QuickBooks item of a catalogue entry per company: `{<realmId>: <itemId>}`. */
export const QboItemsSchema = /* @__PURE__ */ z.lazy(() =>
  z.record(z.string(), QboIdSchema).check(realmKeysCheck(), realmCountCheck()),
);
/** The same, where a null removes that company's item. */
export const QboItemsPatchSchema = /* @__PURE__ */ z.lazy(() =>
  z.record(z.string(), z.nullable(QboIdSchema)).check(realmKeysCheck(), realmCountCheck()),
);
