import { ValidationError } from '../errors';
import { type IndexName, startKeyAttributesOf } from '../table-definition';

/** The listing a cursor belongs to: one partition of the table, or of one of its indexes. */
export type CursorScope = { indexName?: IndexName; partition: string };

// DynamoDB's limit for a sort key (a partition key may take 2048): no stored key is longer.
const MAX_KEY_BYTES = 1024;

const notOurCursor = () => ValidationError.forField('cursor', 'Not a cursor from this list');

/**
 * The opaque cursor after `key`: a Query's LastEvaluatedKey, or a whole item to resume after. Only
 * the scope's key attributes go in, so a cursor never carries item data.
 */
export const encodeCursor = (
  scope: CursorScope,
  key: Record<string, unknown> | undefined,
): string | undefined => {
  if (!key) return undefined;
  const { all } = startKeyAttributesOf(scope.indexName);
  const startKey = Object.fromEntries(all.map((name) => [name, key[name]]));
  return Buffer.from(JSON.stringify(startKey)).toString('base64url');
};

const isKeyValue = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && Buffer.byteLength(value) <= MAX_KEY_BYTES;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * The ExclusiveStartKey a cursor stands for. A client may send anything, so anything but a key of
 * this very listing (exactly its key attributes, each a string, in its partition) is a 400, never a
 * Query that DynamoDB would refuse.
 */
export const decodeCursor = (
  scope: CursorScope,
  cursor: string | undefined,
): Record<string, unknown> | undefined => {
  if (!cursor) return undefined;
  const decoded = parseJson(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw notOurCursor();
  const { partition, all } = startKeyAttributesOf(scope.indexName);
  const entries = Object.entries(decoded);
  const exactKeys = entries.length === all.length && all.every((name) => Object.hasOwn(decoded, name));
  if (!exactKeys || !entries.every(([, value]) => isKeyValue(value))) throw notOurCursor();
  if ((decoded as Record<string, string>)[partition] !== scope.partition) throw notOurCursor();
  return decoded as Record<string, string>;
};
