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

/** The operations Intuit's webhooks name (qbo-reference §7, §9). */
export type ChangeOperation = 'Create' | 'Update' | 'Delete' | 'Merge' | 'Void' | 'Emailed';

export interface EntityChange {
  realmId: string;
  entity: EntityName;
  id: string;
  operation: ChangeOperation;
  /** Emulator clock, ms. */
  at: number;
  /** On a Merge: the Id of the entity merged into this one, which no longer exists. */
  deletedId?: string;
}

/** How a change to an existing entity is reported; a plain write is an Update. */
type SaveChange = Pick<EntityChange, 'operation' | 'deletedId'>;

interface Table {
  rows: Map<string, Entity>;
  /** Id → when it was deleted, remembered so CDC can report the deletion. */
  deleted: Map<string, number>;
  /** Id → when it last changed, to the millisecond (LastUpdatedTime shows whole seconds). */
  changedAt: Map<string, number>;
  nextId: number;
}

/** What CDC answers for a deleted entity (Intuit's example: Id, status, domain, LastUpdatedTime). */
interface Tombstone {
  Id: string;
  status: 'Deleted';
  domain: 'QBO';
  MetaData: { LastUpdatedTime: string };
}

export interface ChangedRow {
  row: Entity | Tombstone;
  at: number;
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
  /** Told of every change after the company was seeded (webhooks listen here). */
  onChange: (change: EntityChange) => void;
}

export interface Store {
  realm(realmId: string): RealmState | undefined;
  realms(): RealmState[];
  reset(): void;
}

const table = (realm: RealmState, name: EntityName): Table => {
  const existing = realm.tables.get(name);
  if (existing) return existing;
  const created: Table = { rows: new Map(), deleted: new Map(), changedAt: new Map(), nextId: 1 };
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

const recordChange = (realm: RealmState, name: EntityName, id: string, change: SaveChange, now: number) => {
  table(realm, name).changedAt.set(id, now);
  realm.onChange({ realmId: realm.realmId, entity: name, id, at: now, ...change });
};

/** Every row of `name` changed at or after `since` (ms), deleted ones as tombstones, oldest change first. */
export const changesSince = (realm: RealmState, name: EntityName, since: number): ChangedRow[] => {
  const { rows, deleted, changedAt } = table(realm, name);
  const changed: ChangedRow[] = [];
  for (const [id, at] of changedAt) {
    const deletedAt = deleted.get(id);
    const row: Entity | Tombstone | undefined =
      deletedAt === undefined
        ? rows.get(id)
        : {
            Id: id,
            status: 'Deleted',
            domain: 'QBO',
            MetaData: { LastUpdatedTime: toPacificDateTime(deletedAt) },
          };
    if (row && at >= since) changed.push({ row, at });
  }
  return changed.sort((a, b) => a.at - b.at || Number(a.row.Id) - Number(b.row.Id));
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
  recordChange(realm, name, entity.Id, { operation: 'Create' }, now);
  return entity;
};

/** A write to an existing entity: SyncToken + 1 and a new LastUpdatedTime, reported as `change`. */
export const saveEntity = (
  realm: RealmState,
  name: EntityName,
  current: Entity,
  fields: Record<string, unknown>,
  now: number,
  change: SaveChange = { operation: 'Update' },
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
  recordChange(realm, name, entity.Id, change, now);
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

const tombstone = (realm: RealmState, name: EntityName, id: string, now: number) => {
  const target = table(realm, name);
  target.deleted.set(id, now);
  target.changedAt.set(id, now);
};

export const markDeleted = (realm: RealmState, name: EntityName, id: string, now: number): void => {
  tombstone(realm, name, id, now);
  recordChange(realm, name, id, { operation: 'Delete' }, now);
};

/**
 * Merges `from` into `into` as QuickBooks does: `from` no longer exists and the change is one Merge
 * of `into` naming `from` as deleted (Intuit's webhook carries both Ids).
 */
export const mergeEntity = (
  realm: RealmState,
  name: EntityName,
  from: Entity,
  into: Entity,
  now: number,
): Entity => {
  tombstone(realm, name, from.Id, now);
  return saveEntity(realm, name, into, into, now, { operation: 'Merge', deletedId: from.Id });
};

const seedRealm = (company: SandboxCompany, now: number): RealmState => {
  const realm: RealmState = {
    ...company,
    tables: new Map(),
    nextDocNumber: 1001,
    lastLineIds: new Map(),
    sentEmails: [],
    replies: new Map(),
    onChange: () => {},
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

export const createStore = (
  companies: readonly SandboxCompany[],
  now: () => number,
  onChange: (change: EntityChange) => void = () => {},
): Store => {
  let realms = new Map<string, RealmState>();
  // Seeding is not a change anyone is told about; what happens afterwards is.
  const seeded = (company: SandboxCompany) => Object.assign(seedRealm(company, now()), { onChange });
  const reset = () => {
    realms = new Map(companies.map((company) => [company.realmId, seeded(company)]));
  };
  reset();
  return {
    realm: (realmId) => realms.get(realmId),
    realms: () => [...realms.values()],
    reset,
  };
};
