import { formatCents } from '../invoices/money';

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
  /**
   * The QuickBooks item's name in a company this entry is not mapped in yet: set on the entry made from
   * the old "Invoice item" setting, so invoices keep using that item by name until an admin maps it.
   */
  qboItemName?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
};

export type CatalogItemView = Pick<
  CatalogItem,
  'id' | 'name' | 'kind' | 'taxable' | 'qboItems' | 'qboItemName' | 'version'
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
  ...(item.qboItemName ? { qboItemName: item.qboItemName } : {}),
  version: item.version,
});
