import type { SandboxCompany } from './companies';
import { preferencesFields } from './company-preferences';
import type { Reply } from './http';
import { toPacificDateTime } from './time-format';

export type EntityName =
  | 'Account'
  | 'CompanyInfo'
  | 'Customer'
  | 'Employee'
  | 'Invoice'
  | 'Item'
  | 'Payment'
  | 'Preferences'
  | 'Vendor';

export const ENTITY_NAMES: readonly EntityName[] = [
  'Account',
  'CompanyInfo',
  'Customer',
  'Employee',
  'Invoice',
  'Item',
  'Payment',
  'Preferences',
  'Vendor',
];

export interface Entity {
  Id: string;
  SyncToken: string;
  MetaData: { CreateTime: string; LastUpdatedTime: string };
  [field: string]: unknown;
}

interface Table {
  rows: Map<string, Entity>;
  deleted: Set<string>;
  nextId: number;
}

export interface SentEmail {
  invoiceId: string;
  to: string;
  at: string;
}

export interface RealmState {
  realmId: string;
  companyName: string;
  tables: Map<EntityName, Table>;
  nextDocNumber: number;
  /** invoice Id → the highest line Id it ever had, so a new line never reuses a removed line's Id. */
  lastLineIds: Map<string, number>;
  /** Invoices mailed through `/invoice/{id}/send`, oldest first. */
  sentEmails: SentEmail[];
  /** requestid → first response, kept as a promise so a concurrent duplicate waits for the original. */
  replies: Map<string, Promise<Reply>>;
}

export interface Store {
  realm(realmId: string): RealmState | undefined;
  realms(): RealmState[];
  reset(): void;
}

const table = (realm: RealmState, name: EntityName): Table => {
  const existing = realm.tables.get(name);
  if (existing) return existing;
  const created: Table = { rows: new Map(), deleted: new Set(), nextId: 1 };
  realm.tables.set(name, created);
  return created;
};

export const findEntity = (realm: RealmState, name: EntityName, id: string): Entity | undefined =>
  table(realm, name).rows.get(id);

export const isDeleted = (realm: RealmState, name: EntityName, id: string): boolean =>
  table(realm, name).deleted.has(id);

export const liveEntities = (realm: RealmState, name: EntityName): Entity[] => {
  const { rows, deleted } = table(realm, name);
  return [...rows.values()].filter((row) => !deleted.has(row.Id));
};

export const allEntities = (realm: RealmState, name: EntityName): Entity[] => {
  const { rows, deleted } = table(realm, name);
  return [...rows.values()].map((row) => (deleted.has(row.Id) ? { ...row, status: 'Deleted' } : row));
};

export const insertEntity = (
  realm: RealmState,
  name: EntityName,
  fields: Record<string, unknown>,
  now: number,
): Entity => {
  const target = table(realm, name);
  const stamp = toPacificDateTime(now);
  const entity: Entity = {
    ...fields,
    Id: String(target.nextId++),
    SyncToken: '0',
    MetaData: { CreateTime: stamp, LastUpdatedTime: stamp },
    domain: 'QBO',
    sparse: false,
  };
  target.rows.set(entity.Id, entity);
  return entity;
};

export const saveEntity = (
  realm: RealmState,
  name: EntityName,
  current: Entity,
  fields: Record<string, unknown>,
  now: number,
): Entity => {
  const entity: Entity = {
    ...fields,
    Id: current.Id,
    SyncToken: String(Number(current.SyncToken) + 1),
    MetaData: { CreateTime: current.MetaData.CreateTime, LastUpdatedTime: toPacificDateTime(now) },
    domain: 'QBO',
    sparse: false,
  };
  table(realm, name).rows.set(entity.Id, entity);
  return entity;
};

/** Changes computed fields (balances) without counting as a user edit. */
export const patchEntity = (
  realm: RealmState,
  name: EntityName,
  id: string,
  patch: Record<string, unknown>,
) => {
  const target = table(realm, name);
  const current = target.rows.get(id);
  if (current) target.rows.set(id, { ...current, ...patch });
};

export const markDeleted = (realm: RealmState, name: EntityName, id: string): void => {
  table(realm, name).deleted.add(id);
};

const seedRealm = (company: SandboxCompany, now: number): RealmState => {
  const realm: RealmState = {
    ...company,
    tables: new Map(),
    nextDocNumber: 1001,
    lastLineIds: new Map(),
    sentEmails: [],
    replies: new Map(),
  };
  insertEntity(realm, 'CompanyInfo', companyInfoFields(company), now);
  insertEntity(realm, 'Preferences', preferencesFields(company), now);
  const income = insertEntity(realm, 'Account', incomeAccountFields('Services', 'ServiceFeeIncome'), now);
  // A sandbox company also has the income account its non-inventory products (parts) post to.
  insertEntity(realm, 'Account', incomeAccountFields('Sales of Product Income', 'SalesOfProductIncome'), now);
  insertEntity(
    realm,
    'Item',
    {
      Name: 'Services',
      FullyQualifiedName: 'Services',
      Type: 'Service',
      Active: true,
      Taxable: false,
      UnitPrice: 0,
      IncomeAccountRef: { value: income.Id, name: 'Services' },
    },
    now,
  );
  return realm;
};

const incomeAccountFields = (name: string, subType: string) => ({
  Name: name,
  FullyQualifiedName: name,
  AccountType: 'Income',
  AccountSubType: subType,
  Classification: 'Revenue',
  Active: true,
  CurrentBalance: 0,
  CurrencyRef: { value: 'USD', name: 'United States Dollar' },
});

const companyInfoFields = (company: SandboxCompany) => ({
  CompanyName: company.companyName,
  LegalName: company.companyName,
  CompanyAddr: {
    Line1: '123 Sierra Way',
    City: 'San Pablo',
    CountrySubDivisionCode: 'CA',
    PostalCode: '87999',
  },
  Country: 'US',
  Email: { Address: 'noreply@quickbooks.com' },
  FiscalYearStartMonth: 'January',
  SupportedLanguages: 'en',
  NameValue: [{ Name: 'OfferingSku', Value: 'QuickBooks Online Plus' }],
});

export const createStore = (companies: readonly SandboxCompany[], now: () => number): Store => {
  let realms = new Map<string, RealmState>();
  const reset = () => {
    realms = new Map(companies.map((company) => [company.realmId, seedRealm(company, now())]));
  };
  reset();
  return {
    realm: (realmId) => realms.get(realmId),
    realms: () => [...realms.values()],
    reset,
  };
};
