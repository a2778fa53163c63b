import { oneLine } from '../validation/one-line';
import * as z from '../validation/zod';
import { RateSchema, wholeNumberSchema } from './billing-fields';
import { CATALOG_KINDS } from './catalog-item';

// A QuickBooks id: digits, as QBO's own ids are (realm ids and entity ids alike).
export const QBO_ID = /^\d{1,20}$/;

export const MAX_REALMS = 20;
const isPlainObject = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// A map keyed by realm id: a plain object checked here, as z.record would add some 2 KB of zod to the
// bundle (a Lambda has a cold-start budget).
const realmMapSchema = <Value extends string | null>(
  valueOk: (value: unknown) => boolean,
  valueWhy: string,
) =>
  z
    .custom<Record<string, Value>>(isPlainObject, 'Use an object of company (realm) id → QuickBooks item id')
    .check(
      z.refine(
        (map) => Object.keys(map).every((realmId) => QBO_ID.test(realmId)),
        'Key each QuickBooks item id by its company (realm) id: digits only, at most 20',
      ),
      z.refine((map) => Object.values(map).every(valueOk), valueWhy),
      z.refine((map) => Object.keys(map).length <= MAX_REALMS, `At most ${MAX_REALMS} QuickBooks companies`),
    );

const isQboId = (value: unknown) => typeof value === 'string' && QBO_ID.test(value);
/** The QuickBooks item of a catalogue entry per company: `{<realmId>: <itemId>}`. */
export const QboItemsSchema = /* @__PURE__ */ z.lazy(() =>
  realmMapSchema<string>(isQboId, 'Use QuickBooks item ids: digits only, at most 20'),
);
/** The same, where a null removes that company's item. */
export const QboItemsPatchSchema = /* @__PURE__ */ z.lazy(() =>
  realmMapSchema<string | null>(
    (value) => value === null || isQboId(value),
    'Use QuickBooks item ids (digits only, at most 20), or null to remove one',
  ),
);

const NameSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .string('Enter a name')
    .check(
      z.trim(),
      oneLine(),
      z.minLength(1, 'Enter a name'),
      z.maxLength(100, 'Use at most 100 characters'),
    ),
);
const KindSchema = /* @__PURE__ */ z.lazy(() => z.enum(CATALOG_KINDS, 'Choose labour or part'));
const TaxableSchema = /* @__PURE__ */ z.lazy(() => z.boolean('Say whether it is taxable (true or false)'));

export const CreateCatalogItemSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    name: NameSchema,
    kind: KindSchema,
    rate: RateSchema,
    taxable: TaxableSchema,
    qboItems: z._default(QboItemsSchema, {}),
  }),
);
export type CreateCatalogItemInput = z.infer<typeof CreateCatalogItemSchema>;

export const UpdateCatalogItemSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      name: z.optional(NameSchema),
      kind: z.optional(KindSchema),
      rate: z.optional(RateSchema),
      taxable: z.optional(TaxableSchema),
      qboItems: z.optional(QboItemsPatchSchema),
      version: wholeNumberSchema(1, Number.MAX_SAFE_INTEGER, 'Send the version you read'),
    })
    .check(z.refine((patch) => Object.keys(patch).length > 1, { message: 'Change at least one field' })),
);
export type UpdateCatalogItemInput = z.infer<typeof UpdateCatalogItemSchema>;
