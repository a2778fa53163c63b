import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { catalogItemSubject } from '../billing/catalog-audit';
import type { CatalogItem, CatalogKind } from '../billing/catalog-item';
import { getCatalogItem, insertCatalogItem, saveCatalogItem } from '../billing/catalog-item-writes';
import type { Table } from '../db/table';
import { ConflictError } from '../errors';
import { catalogNameGuardKey } from '../keys';
import { MIGRATION_ACTOR_ID, type MigrationDeps } from './migration-deps';

/** A catalogue entry standing in for what invoices used before the catalogue: a QuickBooks item by name. */
type LegacyCatalogItemSpec = {
  name: string;
  kind: CatalogKind;
  qboItemName: string;
  /** What it was made from, for the audit trail. */
  migratedFrom: string;
};

/** The catalogue entry named `name` (names are unique ignoring case), through its name guard. */
const findCatalogItemByName = async (table: Table, name: string): Promise<CatalogItem | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: catalogNameGuardKey(name), ConsistentRead: true }),
  );
  return typeof Item?.itemId === 'string' ? getCatalogItem(table, Item.itemId) : undefined;
};

const insertLegacyItem = async (deps: MigrationDeps, spec: LegacyCatalogItemSpec): Promise<CatalogItem> => {
  const at = deps.now().toISOString();
  // Rate 0.00: the old invoices priced each line by hand. Taxable: a QuickBooks line without a tax code
  // counts as TAX, which is what the old invoice lines were.
  const item: CatalogItem = {
    id: randomUUID(),
    name: spec.name,
    kind: spec.kind,
    rateCents: 0,
    taxable: true,
    qboItems: {},
    qboItemName: spec.qboItemName,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  await insertCatalogItem(deps, item, {
    subject: catalogItemSubject(item.id),
    actorId: MIGRATION_ACTOR_ID,
    action: 'catalog.item_created',
    details: {
      name: item.name,
      kind: item.kind,
      rateCents: item.rateCents,
      taxable: item.taxable,
      qboItemName: spec.qboItemName,
      migratedFrom: spec.migratedFrom,
    },
  });
  return item;
};

/**
 * An entry the catalogue already has by that name keeps its rate, tax and mappings; it only learns the
 * QuickBooks item's name, so companies it is not mapped in keep billing that item as before.
 */
const nameQboItem = async (deps: MigrationDeps, item: CatalogItem, spec: LegacyCatalogItemSpec) => {
  if (item.qboItemName) return item;
  const after = {
    ...item,
    qboItemName: spec.qboItemName,
    updatedAt: deps.now().toISOString(),
    version: item.version + 1,
  };
  await saveCatalogItem(deps, item, after, {
    subject: catalogItemSubject(item.id),
    actorId: MIGRATION_ACTOR_ID,
    action: 'catalog.item_updated',
    details: { qboItemName: spec.qboItemName, migratedFrom: spec.migratedFrom },
  });
  return after;
};

/** The catalogue entry named `spec.name`: the one there is, else a new one. `created` says which. */
export const ensureLegacyCatalogItem = async (
  deps: MigrationDeps,
  spec: LegacyCatalogItemSpec,
): Promise<{ item: CatalogItem; created: boolean }> => {
  const existing = await findCatalogItemByName(deps.table, spec.name);
  if (existing) return { item: await nameQboItem(deps, existing, spec), created: false };
  try {
    return { item: await insertLegacyItem(deps, spec), created: true };
  } catch (error) {
    // An admin added one by that name meanwhile: that one is it.
    const added =
      error instanceof ConflictError ? await findCatalogItemByName(deps.table, spec.name) : undefined;
    if (!added) throw error;
    return { item: await nameQboItem(deps, added, spec), created: false };
  }
};
