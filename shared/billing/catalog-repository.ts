import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../db/table';
import { CATALOG_ITEM_SK_PREFIX, catalogPartitionKey, partitionQuery, withoutKeys } from '../keys';
import type { CatalogItem } from './catalog-item';

const fromItem = (item: Record<string, unknown>) => withoutKeys(item) as CatalogItem;

/** Every catalogue entry: one Query over the catalogue partition, reading only its items (not the name guards). */
export const listCatalogItems = async (table: Table): Promise<CatalogItem[]> => {
  const items: CatalogItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.name,
        ...partitionQuery(catalogPartitionKey(), CATALOG_ITEM_SK_PREFIX),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []).map(fromItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
};
