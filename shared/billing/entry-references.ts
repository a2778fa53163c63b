import { getItems } from '../db/batch-get';
import type { Table } from '../db/table';
import { ValidationError } from '../errors';
import { catalogItemKey, keyId, userKey, withoutKeys } from '../keys';
import type { User } from '../users/user';
import { userFromItem } from '../users/user-repository';
import type { EntryKind } from './billable-entry';
import { latestEntryDate } from './billable-entry-input';
import type { CatalogItem } from './catalog-item';

const KIND_OF_ENTRY = { time: 'labour', part: 'part' } as const satisfies Record<
  EntryKind,
  CatalogItem['kind']
>;
const KIND_MISMATCH = {
  time: 'Time needs a labour item from the catalogue',
  part: 'A part needs a part item from the catalogue',
} as const satisfies Record<EntryKind, string>;

/**
 * What an entry names, read in one BatchGetItem: its catalogue entry and, for time, who did the work
 * (the caller is known already and not read again). Either is undefined when there is no such item.
 */
export const readEntryReferences = async (
  table: Table,
  input: { catalogId: string; workedBy?: string; actor: User },
): Promise<{ catalogItem?: CatalogItem; worker?: User }> => {
  const workerToRead = input.workedBy && input.workedBy !== input.actor.id ? input.workedBy : undefined;
  const found = await getItems(table, [
    catalogItemKey(input.catalogId),
    ...(workerToRead ? [userKey(workerToRead)] : []),
  ]);
  const catalogFound = found.get(keyId(catalogItemKey(input.catalogId)));
  const workerFound = workerToRead ? found.get(keyId(userKey(workerToRead))) : undefined;
  return {
    catalogItem: catalogFound ? (withoutKeys(catalogFound) as CatalogItem) : undefined,
    worker: workerToRead
      ? workerFound && userFromItem(workerFound)
      : input.workedBy
        ? input.actor
        : undefined,
  };
};

/** The catalogue entry exists and is of the entry's kind: labour for time, a part for a part. */
export const assertCatalogFits = (kind: EntryKind, catalogItem: CatalogItem | undefined): CatalogItem => {
  if (!catalogItem) throw ValidationError.forField('catalogId', 'Choose an item from the catalogue');
  if (catalogItem.kind !== KIND_OF_ENTRY[kind])
    throw ValidationError.forField('catalogId', KIND_MISMATCH[kind]);
  return catalogItem;
};

/** Billable time is worked by staff or admins. */
export const assertStaffWorker = (worker: User | undefined): User => {
  if (!worker || worker.role === 'customer')
    throw ValidationError.forField(
      'workedBy',
      'Choose a staff member: only staff and admins do billable work',
    );
  return worker;
};

export const assertEntryDateInRange = (date: string, now: Date): void => {
  const latest = latestEntryDate(now);
  if (date > latest) throw ValidationError.forField('date', `Use a date no later than ${latest}`);
};
