import { isRecord } from '../http';
import { type Entity, type EntityName, findEntity, isDeleted, type RealmState } from '../store';
import {
  invalidPropertyError,
  invalidStringError,
  objectNotFoundError,
  requiredParamError,
  staleObjectError,
  stringLengthError,
} from './faults';

export type Body = Record<string, unknown>;

const ADDRESS_LIMITS: Record<string, number> = {
  Line1: 500,
  Line2: 500,
  Line3: 500,
  Line4: 500,
  Line5: 500,
  City: 255,
  CountrySubDivisionCode: 255,
  Country: 255,
  PostalCode: 30,
};
const ADDRESS_FIELDS = new Set([...Object.keys(ADDRESS_LIMITS), 'Id', 'Lat', 'Long']);

// Tab, newline and other control characters are treated as invalid (Intuit's rule is unverified).
const hasControlCharacter = (text: string) =>
  [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);

export const assertKnownFields = (body: Body, allowed: ReadonlySet<string>, prefix = ''): void => {
  const unknown = Object.keys(body).find((key) => !allowed.has(key));
  if (unknown !== undefined) throw invalidPropertyError(`${prefix}${unknown}`);
};

export const optionalString = (value: unknown, element: string, max: number): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidPropertyError(element);
  if (value.length > max) throw stringLengthError(element, max, value.length);
  if (hasControlCharacter(value))
    throw invalidStringError(element, `Invalid character in ${element}. Supplied value:${value}`);
  return value;
};

export const nameString = (value: unknown, element: string, max: number): string | undefined => {
  const text = optionalString(value, element, max);
  // ':' separates parent and child names in FullyQualifiedName.
  if (text?.includes(':'))
    throw invalidStringError(
      element,
      `String contains invalid character ':' in ${element}. Supplied value:${text}`,
    );
  return text;
};

export const checkEmail = (value: unknown, element: string): Body | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidPropertyError(element);
  const address = optionalString(value.Address, `${element}.Address`, 100);
  if (address !== undefined && !(address.includes('@') && address.includes('.')))
    throw invalidStringError(
      `${element}.Address`,
      `Email Address does not conform to the syntax rules of RFC 822. Supplied value:${address}`,
    );
  return address === undefined ? {} : { Address: address };
};

export const checkAddress = (value: unknown, element: string): Body | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidPropertyError(element);
  assertKnownFields(value, ADDRESS_FIELDS, `${element}.`);
  for (const [field, max] of Object.entries(ADDRESS_LIMITS))
    optionalString(value[field], `${element}.${field}`, max);
  return { ...value };
};

export const checkPhone = (value: unknown, element: string): Body | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidPropertyError(element);
  optionalString(value.FreeFormNumber, `${element}.FreeFormNumber`, 30);
  return { ...value };
};

/** The `value` of a `{value, name}` reference, or undefined when the reference is absent. */
export const refValue = (value: unknown, element: string): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidPropertyError(element);
  const id = value.value;
  if (typeof id === 'number') return String(id);
  if (typeof id === 'string' && id !== '') return id;
  throw requiredParamError(element);
};

/** What a page or PDF shows for a `{value, name}` reference: its name, else its value. */
export const refName = (ref: unknown): string => (isRecord(ref) ? String(ref.name ?? ref.value ?? '') : '');

export const optionalBoolean = (value: unknown, element: string): boolean | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidPropertyError(element);
  return value;
};

export const optionalNumber = (value: unknown, element: string): number | undefined => {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) throw invalidPropertyError(element);
  return number;
};

/** The row with this Id, or the 610 Intuit answers for an unknown or deleted one. */
export const requireLive = (realm: RealmState, name: EntityName, id: string): Entity => {
  const entity = findEntity(realm, name, id);
  if (!entity) throw objectNotFoundError(false);
  if (isDeleted(realm, name, entity.Id)) throw objectNotFoundError(true);
  return entity;
};

/** Updates, deletes and voids need the current Id and SyncToken (optimistic locking). */
export const requireCurrent = (realm: RealmState, name: EntityName, body: Body): Entity => {
  const id = body.Id;
  if (id === undefined || id === null || id === '') throw requiredParamError('Id');
  const entity = requireLive(realm, name, String(id));
  if (body.SyncToken === undefined || body.SyncToken === null) throw requiredParamError('SyncToken');
  if (String(body.SyncToken) !== entity.SyncToken) throw staleObjectError();
  return entity;
};

export const pickDefined = (fields: Body): Body =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
