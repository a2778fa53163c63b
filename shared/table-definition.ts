// The table's physical shape, shared by the CDK stack and the local runtime so both build the same table.
export const TABLE_KEYS = {
  partitionKey: 'PK',
  sortKey: 'SK',
  ttlAttribute: 'ttl',
  // The stream feeds the QBO events worker (shared/event-sources.ts), which reads each new item whole.
  streamViewType: 'NEW_IMAGE',
  indexes: [
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ],
} as const;

export type IndexName = (typeof TABLE_KEYS.indexes)[number]['indexName'];
export type IndexKeys = (typeof TABLE_KEYS.indexes)[number];

/** The key attribute names of one index. */
export const indexKeysOf = (indexName: IndexName): IndexKeys => {
  const index = TABLE_KEYS.indexes.find((candidate) => candidate.indexName === indexName);
  if (!index) throw new Error(`${indexName} is not an index of the table`);
  return index;
};

/**
 * The attributes of a Query's LastEvaluatedKey: the table's key, plus the index's key when the Query
 * reads an index. `partition` is the one the Query's key condition fixes.
 */
export const startKeyAttributesOf = (indexName?: IndexName) => {
  const table = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey];
  if (!indexName) return { partition: TABLE_KEYS.partitionKey, all: table };
  const index = indexKeysOf(indexName);
  return { partition: index.partitionKey, all: [...table, index.partitionKey, index.sortKey] };
};
