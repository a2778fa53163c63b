import { type ChangedRow, changesSince, ENTITY_NAMES, type EntityName, type RealmState } from '../store';
import { parseCompanyDateTime } from '../time-format';
import {
  invalidPropertyError,
  queryValidationError,
  requiredParamError,
  unsupportedOperationError,
} from './faults';

// Intuit: CDC looks back at most 30 days and answers at most 1,000 objects (qbo-reference §7).
const LOOK_BACK_MS = 30 * 86_400_000;
const MAX_OBJECTS = 1000;

const entitiesOf = (params: URLSearchParams): EntityName[] => {
  const names = (params.get('entities') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) throw requiredParamError('entities');
  // Entity names are matched in any case, as in Intuit's own example (`entities=estimate,customer`).
  const entities = names.map((name) => {
    const entity = ENTITY_NAMES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (!entity) throw queryValidationError(`Invalid entity name for cdc: ${name}`);
    return entity;
  });
  return [...new Set(entities)];
};

const changedSinceOf = (params: URLSearchParams, now: number): number => {
  const raw = params.get('changedSince');
  if (!raw) throw requiredParamError('changedSince');
  const since = parseCompanyDateTime(raw);
  if (since === undefined)
    throw invalidPropertyError('changedSince', `changedSince ${raw} is not an ISO 8601 date or date-time`);
  // The wording Intuit answers with (seen in client threads); the code that goes with it is unverified.
  if (since < now - LOOK_BACK_MS)
    throw unsupportedOperationError(`cdc with changedSince date ${raw} which is older than fixed days`);
  return since;
};

interface EntityChanges {
  entity: EntityName;
  changes: ChangedRow[];
}

/** The oldest changes first, at most 1,000 in all, so a client can move its cursor past what it got. */
const withinLimit = (all: EntityChanges[]): Map<EntityName, ChangedRow[]> => {
  const oldestFirst = all
    .flatMap(({ entity, changes }) => changes.map((change) => ({ entity, change })))
    .sort((a, b) => a.change.at - b.change.at)
    .slice(0, MAX_OBJECTS);
  const kept = new Map<EntityName, ChangedRow[]>();
  for (const { entity, change } of oldestFirst) kept.set(entity, [...(kept.get(entity) ?? []), change]);
  return kept;
};

/**
 * `GET /cdc?entities=…&changedSince=…`: the `CDCResponse` array, one `QueryResponse` per changed entity
 * (full objects, deletions as `{Id, status: "Deleted"}`), `totalCount` where the limit cut it short,
 * and `[{}]` when nothing changed, as in Intuit's examples.
 */
export const changeDataCapture = (realm: RealmState, params: URLSearchParams, now: number) => {
  const entities = entitiesOf(params);
  const since = changedSinceOf(params, now);
  const all = entities
    .map((entity) => ({ entity, changes: changesSince(realm, entity, since) }))
    .filter(({ changes }) => changes.length > 0);
  const kept = withinLimit(all);
  const responses = all.map(({ entity, changes }) => {
    const rows = (kept.get(entity) ?? []).map(({ row }) => row);
    return {
      [entity]: rows,
      startPosition: 1,
      maxResults: rows.length,
      ...(rows.length < changes.length ? { totalCount: changes.length } : {}),
    };
  });
  return [{ QueryResponse: responses.length === 0 ? [{}] : responses }];
};
