import { formatCents } from '../invoices/money';
import * as z from '../validation/zod';
import { QboItemsPatchSchema, QboItemsSchema, RateSchema } from './billing-fields';

export const CATALOG_KINDS = ['labour', 'part'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

/** What staff pick a billable entry from: a labour rate or a part, with its QBO item per company. */
export type CatalogItem = {
  id: string;
  name: string;
  kind: CatalogKind;
  /** The default rate (labour, per hour) or unit price (part), in cents. */
  rateCents: number;
  taxable: boolean;
  /** QBO item ids keyed by realm id: an item id means nothing outside its company. */
  qboItems: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export type CatalogItemView = Pick<
  CatalogItem,
  'id' | 'name' | 'kind' | 'taxable' | 'qboItems' | 'version'
> & {
  rate: string;
};

export const toCatalogItemView = (item: CatalogItem): CatalogItemView => ({
  id: item.id,
  name: item.name,
  kind: item.kind,
  rate: formatCents(item.rateCents),
  taxable: item.taxable,
  qboItems: item.qboItems,
  version: item.version,
});

const NameSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .string('Enter a name')
    .check(z.trim(), z.minLength(1, 'Enter a name'), z.maxLength(100, 'Use at most 100 characters')),
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
  z.object({
    name: z.optional(NameSchema),
    kind: z.optional(KindSchema),
    rate: z.optional(RateSchema),
    taxable: z.optional(TaxableSchema),
    qboItems: z.optional(QboItemsPatchSchema),
    version: z.int('Send the version you read').check(z.gte(1, 'Send the version you read')),
  }),
);
export type UpdateCatalogItemInput = z.infer<typeof UpdateCatalogItemSchema>;
