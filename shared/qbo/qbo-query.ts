/** A string literal for QBO's query language: single-quoted, with `\` and `'` escaped (qbo-reference §2.4). */
export const qboString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export type QueryResponse<K extends string, T> = { QueryResponse?: Partial<Record<K, T[]>> };
