/** A string literal for QBO's query language: single-quoted, with `\` and `'` escaped (qbo-reference §2.4). */
export const qboString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export type QueryResponse<K extends string, T> = { QueryResponse?: Partial<Record<K, T[]>> };

/** `IN ('a', 'b')` for a WHERE clause. QBO has no empty list: a caller with no values skips the query. */
export const inList = (values: string[]) => {
  if (values.length === 0) throw new Error('A QuickBooks IN list needs at least one value');
  return `IN (${values.map(qboString).join(', ')})`;
};
