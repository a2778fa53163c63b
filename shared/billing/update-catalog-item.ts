import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { User } from '../users/user';
import { catalogItemSubject } from './catalog-audit';
import { type CatalogItem, type CatalogItemView, toCatalogItemView } from './catalog-item';
import type { UpdateCatalogItemInput } from './catalog-item-input';
import { MAX_REALMS } from './catalog-item-input';
import { getCatalogItem, saveCatalogItem } from './catalog-item-writes';
import type { CatalogDeps } from './create-catalog-item';

/** Sets the companies given, drops those set to null, keeps the rest. */
const mergeQboItems = (
  current: Record<string, string>,
  patch: Record<string, string | null> | undefined,
): Record<string, string> => {
  if (!patch) return current;
  const merged = { ...current };
  for (const [realmId, itemId] of Object.entries(patch)) {
    if (itemId === null) delete merged[realmId];
    else merged[realmId] = itemId;
  }
  if (Object.keys(merged).length > MAX_REALMS)
    throw ValidationError.forField('qboItems', `At most ${MAX_REALMS} QuickBooks companies`);
  return merged;
};

const changedFields = (before: CatalogItem, after: CatalogItem) =>
  (['name', 'kind', 'rateCents', 'taxable', 'qboItems'] as const).filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );

export const updateCatalogItem = async (
  deps: CatalogDeps,
  input: { actor: User; itemId: string; changes: UpdateCatalogItemInput },
): Promise<CatalogItemView> => {
  const before = await getCatalogItem(deps.table, input.itemId);
  if (!before) throw new NotFoundError('Catalogue entry');
  const { version, rate, qboItems, ...fields } = input.changes;
  if (version !== before.version)
    throw new ConflictError('This catalogue entry was changed by someone else; reload and try again');
  const after: CatalogItem = {
    ...before,
    ...fields,
    ...(rate === undefined ? {} : { rateCents: rate }),
    qboItems: mergeQboItems(before.qboItems, qboItems),
    updatedAt: deps.now().toISOString(),
    version: before.version + 1,
  };
  await saveCatalogItem(deps, before, after, {
    subject: catalogItemSubject(before.id),
    actorId: input.actor.id,
    action: 'catalog.item_updated',
    details: { changed: changedFields(before, after) },
  });
  return toCatalogItemView(after);
};
