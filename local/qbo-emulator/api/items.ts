import { type Entity, findEntity, insertEntity, liveEntities, type RealmState, saveEntity } from '../store';
import {
  duplicateNameError,
  invalidPropertyError,
  invalidReferenceError,
  requiredParamError,
} from './faults';
import {
  assertKnownFields,
  type Body,
  nameString,
  optionalBoolean,
  optionalNumber,
  optionalString,
  refValue,
  requireCurrent,
} from './validation';

const ITEM_TYPES = new Set(['Service', 'NonInventory', 'Inventory', 'Group', 'Category']);
const NEEDS_INCOME_ACCOUNT = new Set(['Service', 'NonInventory', 'Inventory']);

const WRITABLE = new Set([
  ...[
    'Name',
    'Description',
    'Active',
    'Type',
    'UnitPrice',
    'IncomeAccountRef',
    'ExpenseAccountRef',
    'AssetAccountRef',
  ],
  ...[
    'PurchaseDesc',
    'PurchaseCost',
    'Taxable',
    'Sku',
    'TrackQtyOnHand',
    'QtyOnHand',
    'InvStartDate',
    'SubItem',
  ],
  ...[
    'ParentRef',
    'Level',
    'SalesTaxCodeRef',
    'PurchaseTaxCodeRef',
    'SalesTaxIncluded',
    'PurchaseTaxIncluded',
  ],
  ...['ClassRef', 'Source', 'PrefVendorRef', 'ReorderPoint'],
]);
const ALLOWED = new Set([
  ...WRITABLE,
  'Id',
  'SyncToken',
  'MetaData',
  'domain',
  'sparse',
  'FullyQualifiedName',
]);

const writableOf = (source: Body): Body =>
  Object.fromEntries(Object.entries(source).filter(([key]) => WRITABLE.has(key)));

const accountRef = (realm: RealmState, value: unknown, element: string) => {
  const id = refValue(value, element);
  if (id === undefined) return undefined;
  const account = findEntity(realm, 'Account', id);
  if (!account || account.Active === false)
    throw invalidReferenceError(element, `Account ${id} does not exist.`);
  return { value: account.Id, name: account.Name };
};

const assertUniqueName = (realm: RealmState, name: string, selfId?: string) => {
  const lower = name.toLowerCase();
  const clash = liveEntities(realm, 'Item').some(
    (item) => typeof item.Name === 'string' && item.Name.toLowerCase() === lower && item.Id !== selfId,
  );
  if (clash) throw duplicateNameError(name, 'Name');
};

const normalizedItem = (realm: RealmState, body: Body, selfId?: string): Body => {
  const name = nameString(body.Name, 'Name', 100)?.trim();
  if (!name) throw requiredParamError('Name');
  const type = body.Type ?? 'Service';
  if (typeof type !== 'string' || !ITEM_TYPES.has(type)) throw invalidPropertyError('Type');
  const incomeAccount = accountRef(realm, body.IncomeAccountRef, 'IncomeAccountRef');
  if (NEEDS_INCOME_ACCOUNT.has(type) && !incomeAccount) throw requiredParamError('IncomeAccountRef');
  assertUniqueName(realm, name, selfId);
  return {
    ...body,
    Name: name,
    FullyQualifiedName: name,
    Type: type,
    Description: optionalString(body.Description, 'Description', 4000),
    UnitPrice: optionalNumber(body.UnitPrice, 'UnitPrice') ?? 0,
    Active: optionalBoolean(body.Active, 'Active') ?? true,
    IncomeAccountRef: incomeAccount,
  };
};

export const createItem = (realm: RealmState, body: Body, now: number): Entity => {
  assertKnownFields(body, ALLOWED);
  return insertEntity(realm, 'Item', normalizedItem(realm, writableOf(body)), now);
};

export const updateItem = (realm: RealmState, body: Body, now: number): Entity => {
  const current = requireCurrent(realm, 'Item', body);
  assertKnownFields(body, ALLOWED);
  const incoming = writableOf(body);
  const merged = body.sparse === true ? { ...writableOf(current), ...incoming } : incoming;
  return saveEntity(realm, 'Item', current, normalizedItem(realm, merged, current.Id), now);
};
