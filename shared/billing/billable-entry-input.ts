import { toCents } from '../invoices/money';
import { oneLine } from '../validation/one-line';
import * as z from '../validation/zod';
import { ENTRY_KINDS } from './billable-entry';
import { RateSchema, wholeNumberSchema } from './billing-fields';

const EARLIEST_DATE = '2000-01-01';
const DATE_FORMAT = 'Use a date as YYYY-MM-DD';
const isCalendarDate = (text: string) => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** The latest date an entry may have: one year from today (UTC). */
export const latestEntryDate = (now: Date): string => {
  const date = new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate()));
  return date.toISOString().slice(0, 10);
};

const DateSchema = /* @__PURE__ */ z.lazy(() =>
  z.string(DATE_FORMAT).check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, DATE_FORMAT),
    z.refine(isCalendarDate, 'Use a real calendar date'),
    z.refine((date) => date >= EARLIEST_DATE, `Use a date from ${EARLIEST_DATE} on`),
  ),
);

const MINUTES = 'Enter whole minutes from 1 to 1440';
const MinutesSchema = /* @__PURE__ */ z.lazy(() => wholeNumberSchema(1, 1440, MINUTES));

const QUANTITY = 'Enter a quantity above 0 and up to 100000, with at most 2 decimals (like 2 or 1.5)';
// A quantity in hundredths of a unit: "1.5" → 150.
const QuantitySchema = /* @__PURE__ */ z.lazy(() =>
  z
    .pipe(
      z.string(QUANTITY).check(z.trim(), z.regex(/^\d{1,6}(\.\d{1,2})?$/, QUANTITY)),
      z.transform((value) => toCents(value)),
    )
    .check(z.refine((hundredths) => hundredths > 0 && hundredths <= 10_000_000, QUANTITY)),
);

const DescriptionSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .string('Describe the work or part')
    .check(
      z.trim(),
      oneLine(),
      z.minLength(1, 'Describe the work or part'),
      z.maxLength(1000, 'Use at most 1000 characters'),
    ),
);
const CatalogIdSchema = /* @__PURE__ */ z.lazy(() =>
  z.string('Choose an item from the catalogue').check(z.uuid('Choose an item from the catalogue')),
);
const WorkedBySchema = /* @__PURE__ */ z.lazy(() =>
  z.string('Choose a staff member').check(z.uuid('Choose a staff member')),
);
const BillableSchema = /* @__PURE__ */ z.lazy(() => z.boolean('Say whether it is billable (true or false)'));

// A new entry's fields depend on its kind: the handler reads the kind first, then the kind's fields
// (two object schemas instead of a discriminated union, which would add ~3 KB of zod to the bundle).
export const EntryKindSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ kind: z.enum(ENTRY_KINDS, 'Choose time or part') }),
);
export const CreateTimeEntrySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    catalogId: CatalogIdSchema,
    date: DateSchema,
    minutes: MinutesSchema,
    rate: z.optional(RateSchema),
    description: DescriptionSchema,
    billable: z._default(BillableSchema, true),
    workedBy: z.optional(WorkedBySchema),
  }),
);
export const CreatePartEntrySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    catalogId: CatalogIdSchema,
    date: DateSchema,
    quantity: QuantitySchema,
    unitPrice: z.optional(RateSchema),
    description: DescriptionSchema,
    billable: z._default(BillableSchema, true),
  }),
);
export type CreateBillableEntryInput =
  | ({ kind: 'time' } & z.infer<typeof CreateTimeEntrySchema>)
  | ({ kind: 'part' } & z.infer<typeof CreatePartEntrySchema>);

// The kind is the entry's own: a change names only the fields of that kind (the service checks).
export const UpdateBillableEntrySchema = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      catalogId: z.optional(CatalogIdSchema),
      date: z.optional(DateSchema),
      minutes: z.optional(MinutesSchema),
      quantity: z.optional(QuantitySchema),
      rate: z.optional(RateSchema),
      unitPrice: z.optional(RateSchema),
      description: z.optional(DescriptionSchema),
      billable: z.optional(BillableSchema),
      workedBy: z.optional(WorkedBySchema),
      version: wholeNumberSchema(1, Number.MAX_SAFE_INTEGER, 'Send the version you read'),
    })
    .check(z.refine((patch) => Object.keys(patch).length > 1, { message: 'Change at least one field' })),
);
export type UpdateBillableEntryInput = z.infer<typeof UpdateBillableEntrySchema>;
