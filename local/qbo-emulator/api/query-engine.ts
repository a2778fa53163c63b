import { isRecord } from '../http';
import { ENTITY_NAMES, type Entity, type EntityName, liveEntities, type RealmState } from '../store';
import { queryValidationError } from './faults';
import { type Condition, type Literal, type OrderTerm, parseQuery } from './query-parser';

const MAX_RESULTS_LIMIT = 1000;
const DEFAULT_MAX_RESULTS = 100;
const METADATA_FIELDS = ['MetaData.CreateTime', 'MetaData.LastUpdatedTime'];

// Intuit rejects filters on properties it does not index; only the documented ones are enforced here.
const FILTERABLE: Partial<Record<EntityName, ReadonlySet<string>>> = {
  Customer: new Set([
    ...['Id', 'DisplayName', 'GivenName', 'MiddleName', 'FamilyName', 'CompanyName', 'PrimaryEmailAddr'],
    ...['PrintOnCheckName', 'FullyQualifiedName', 'Active', 'Balance', ...METADATA_FIELDS],
  ]),
  Invoice: new Set([
    ...['Id', 'DocNumber', 'CustomerRef', 'TxnDate', 'DueDate', 'Balance', 'TotalAmt', 'SalesTermRef'],
    ...['ProjectRef', ...METADATA_FIELDS],
  ]),
};

// Name lists answer active rows only unless the query says otherwise.
const ACTIVE_ONLY: ReadonlySet<EntityName> = new Set(['Customer', 'Vendor', 'Employee', 'Item', 'Account']);

const entityNamed = (name: string): EntityName => {
  const entity = ENTITY_NAMES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (!entity) throw queryValidationError(`Invalid entity name: ${name}`);
  return entity;
};

const assertFilterable = (entity: EntityName, field: string) => {
  const allowed = FILTERABLE[entity];
  if (allowed && !allowed.has(field)) throw queryValidationError(`property '${field}' is not queryable`);
};

/** `CustomerRef` means its value and `PrimaryEmailAddr` its address, as in Intuit's queries. */
const resolve = (entity: Entity, path: string): unknown => {
  let value: unknown = entity;
  for (const part of path.split('.')) value = isRecord(value) ? value[part] : undefined;
  if (isRecord(value)) return value.value ?? value.Address ?? value.FreeFormNumber;
  return value;
};

const isNumeric = (value: unknown) =>
  typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
const isDateTime = (value: string) => /^\d{4}-\d{2}-\d{2}T/.test(value);

const compare = (actual: unknown, expected: Literal): number | undefined => {
  if (actual === undefined || actual === null) return undefined;
  if (typeof actual === 'boolean') return String(actual) === String(expected).toLowerCase() ? 0 : 1;
  if (isNumeric(actual) && isNumeric(expected)) return Math.sign(Number(actual) - Number(expected));
  const left = String(actual);
  const right = String(expected);
  if (isDateTime(left) && !Number.isNaN(Date.parse(right)))
    return Math.sign(Date.parse(left) - Date.parse(right));
  return left.toLowerCase().localeCompare(right.toLowerCase());
};

const likePattern = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('%')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'is',
  );

const matches = (entity: Entity, condition: Condition): boolean => {
  const actual = resolve(entity, condition.field);
  const [first = ''] = condition.values;
  switch (condition.operator) {
    case 'IN':
      return condition.values.some((value) => compare(actual, value) === 0);
    case 'LIKE':
      return typeof actual === 'string' && likePattern(String(first)).test(actual);
    default: {
      const order = compare(actual, first);
      if (order === undefined) return false;
      return { '=': order === 0, '<': order < 0, '>': order > 0, '<=': order <= 0, '>=': order >= 0 }[
        condition.operator
      ];
    }
  }
};

const sortRows = (rows: Entity[], terms: OrderTerm[]) =>
  [...rows].sort((a, b) => {
    for (const term of terms) {
      const left = resolve(a, term.field);
      const right = resolve(b, term.field);
      if (left === right) continue;
      if (left === undefined) return 1;
      if (right === undefined) return -1;
      const order = compare(left, right as Literal) ?? 0;
      if (order !== 0) return term.descending ? -order : order;
    }
    return Number(a.Id) - Number(b.Id);
  });

export const runQuery = (realm: RealmState, text: string): Record<string, unknown> => {
  const query = parseQuery(text);
  const entity = entityNamed(query.entity);
  for (const condition of query.where) assertFilterable(entity, condition.field);
  const activeOnly =
    ACTIVE_ONLY.has(entity) && !query.where.some((condition) => condition.field === 'Active');
  const rows = liveEntities(realm, entity)
    .filter((row) => !activeOnly || row.Active !== false)
    .filter((row) => query.where.every((condition) => matches(row, condition)));
  if (query.count) return { totalCount: rows.length };
  const start = Math.max(1, query.startPosition ?? 1);
  const max = Math.min(query.maxResults ?? DEFAULT_MAX_RESULTS, MAX_RESULTS_LIMIT);
  const page = sortRows(rows, query.orderBy).slice(start - 1, start - 1 + max);
  return page.length === 0 ? {} : { [entity]: page, startPosition: start, maxResults: page.length };
};
