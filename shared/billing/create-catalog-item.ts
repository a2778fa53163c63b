import { randomUUID } from 'node:crypto';
import type { Table } from '../db/table';
import type { User } from '../users/user';
import { catalogItemSubject } from './catalog-audit';
import { type CatalogItem, type CatalogItemView, toCatalogItemView } from './catalog-item';
import type { CreateCatalogItemInput } from './catalog-item-input';
import { insertCatalogItem } from './catalog-item-writes';

export type CatalogDeps = { table: Table; now: () => Date };

export const createCatalogItem = async (
  deps: CatalogDeps,
  input: { actor: User; fields: CreateCatalogItemInput },
): Promise<CatalogItemView> => {
  const at = deps.now().toISOString();
  const { rate, ...fields } = input.fields;
  const item: CatalogItem = {
    id: randomUUID(),
    ...fields,
    rateCents: rate,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await insertCatalogItem(deps, item, {
    subject: catalogItemSubject(item.id),
    actorId: input.actor.id,
    action: 'catalog.item_created',
    details: { name: item.name, kind: item.kind, rateCents: item.rateCents, taxable: item.taxable },
  });
  return toCatalogItemView(item);
};
