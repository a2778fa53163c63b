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
