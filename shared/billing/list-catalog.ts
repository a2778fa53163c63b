import type { Table } from '../db/table';
import { type CatalogItemView, toCatalogItemView } from './catalog-item';
import { listCatalogItems } from './catalog-repository';

const byName = (a: CatalogItemView, b: CatalogItemView) =>
  a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);

/** The whole catalogue by name (the partition is keyed by id, so the sort is ours). */
export const listCatalog = async (deps: { table: Table }): Promise<{ items: CatalogItemView[] }> => ({
  items: (await listCatalogItems(deps.table)).map(toCatalogItemView).sort(byName),
});
