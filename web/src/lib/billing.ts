// Pure rules behind the billing panels (Billable work, the invoice, Settings → Billing), kept
// apart from the components so they can be unit tested.
import type { CatalogItem, QboItem } from '../api/types';

const comparable = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase();

/**
 * The QuickBooks item an unmapped catalogue entry most likely means: the one named as the entry's
 * `qboItemName` (the old "Invoice item" setting), else as the entry itself, ignoring case and spacing.
 */
export const suggestedQboItem = (
  entry: Pick<CatalogItem, 'name' | 'qboItemName'>,
  items: readonly QboItem[],
): QboItem | undefined => {
  for (const wanted of [entry.qboItemName, entry.name]) {
    if (!wanted?.trim()) continue;
    const found = items.find((item) => comparable(item.name) === comparable(wanted));
    if (found) return found;
  }
  return undefined;
};

/** Someone who can have done the work: a staff member or an admin. */
export type Worker = { id: string; name: string };

/**
 * Who can be picked as having done the work: the staff list, plus anyone who must stay pickable though
 * the list lacks them (the signed-in user, the entry's current worker), once each, by name.
 */
export const workerChoices = (staff: readonly Worker[], ...keep: (Worker | undefined)[]): Worker[] => {
  const byId = new Map<string, Worker>();
  for (const user of [...staff, ...keep]) if (user && !byId.has(user.id)) byId.set(user.id, user);
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
};
