import { type Entity, insertEntity, liveEntities, type RealmState, saveEntity } from '../store';
import { businessRuleError, duplicateNameError, nameRequiredError } from './faults';
import {
  assertKnownFields,
  type Body,
  checkAddress,
  checkEmail,
  checkPhone,
  nameString,
  optionalBoolean,
  optionalString,
  pickDefined,
  requireCurrent,
} from './validation';

export type NameEntityKind = 'Customer' | 'Vendor' | 'Employee';

const NAME_PARTS = ['Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix'] as const;

const COMMON_FIELDS = [
  'DisplayName',
  ...NAME_PARTS,
  'PrintOnCheckName',
  'PrimaryEmailAddr',
  'PrimaryPhone',
  'Mobile',
  'Active',
  'CostRate',
  'BillRate',
  'Source',
];

const WRITABLE: Record<NameEntityKind, ReadonlySet<string>> = {
  Customer: new Set([
    ...COMMON_FIELDS,
    ...[
      'CompanyName',
      'AlternatePhone',
      'Fax',
      'WebAddr',
      'BillAddr',
      'ShipAddr',
      'Notes',
      'Job',
      'BillWithParent',
    ],
    ...[
      'ParentRef',
      'Level',
      'Taxable',
      'SalesTermRef',
      'PaymentMethodRef',
      'CurrencyRef',
      'PreferredDeliveryMethod',
    ],
    ...[
      'ResaleNum',
      'DefaultTaxCodeRef',
      'TaxExemptionReasonId',
      'OpenBalanceDate',
      'CustomerTypeRef',
      'GSTIN',
    ],
    ...[
      'BusinessNumber',
      'GSTRegistrationType',
      'PrimaryTaxIdentifier',
      'SecondaryTaxIdentifier',
      'ARAccountRef',
    ],
    ...['IsProject', 'ClientEntityId'],
  ]),
  Vendor: new Set([
    ...COMMON_FIELDS,
    ...[
      'CompanyName',
      'AlternatePhone',
      'Fax',
      'WebAddr',
      'BillAddr',
      'OtherContactInfo',
      'Notes',
      'TaxIdentifier',
    ],
    ...['AcctNum', 'Vendor1099', 'TermRef', 'CurrencyRef', 'APAccountRef', 'GSTIN', 'BusinessNumber'],
    ...[
      'GSTRegistrationType',
      'T4AEligible',
      'T5018Eligible',
      'HasTPAR',
      'VendorPaymentBankDetail',
      'TaxReportingBasis',
    ],
  ]),
  Employee: new Set([
    ...COMMON_FIELDS,
    ...[
      'PrimaryAddr',
      'SSN',
      'EmployeeNumber',
      'BillableTime',
      'BirthDate',
      'Gender',
      'HiredDate',
      'ReleasedDate',
    ],
    'Organization',
  ]),
};

const READ_ONLY = [
  'Id',
  'SyncToken',
  'MetaData',
  'domain',
  'sparse',
  'Balance',
  'BalanceWithJobs',
  'FullyQualifiedName',
];

const allowedFields = (kind: NameEntityKind) => new Set([...WRITABLE[kind], ...READ_ONLY, 'V4IDPseudonym']);

const writableOf = (kind: NameEntityKind, source: Body): Body =>
  Object.fromEntries(Object.entries(source).filter(([key]) => WRITABLE[kind].has(key)));

const checkedStrings = (body: Body): Body =>
  pickDefined({
    Title: optionalString(body.Title, 'Title', 16),
    GivenName: optionalString(body.GivenName, 'GivenName', 100),
    MiddleName: optionalString(body.MiddleName, 'MiddleName', 100),
    FamilyName: optionalString(body.FamilyName, 'FamilyName', 100),
    Suffix: optionalString(body.Suffix, 'Suffix', 16),
    CompanyName: optionalString(body.CompanyName, 'CompanyName', 100),
    PrintOnCheckName: optionalString(body.PrintOnCheckName, 'PrintOnCheckName', 110),
    Notes: optionalString(body.Notes, 'Notes', 2000),
    PrimaryEmailAddr: checkEmail(body.PrimaryEmailAddr, 'PrimaryEmailAddr'),
    PrimaryPhone: checkPhone(body.PrimaryPhone, 'PrimaryPhone'),
    AlternatePhone: checkPhone(body.AlternatePhone, 'AlternatePhone'),
    Mobile: checkPhone(body.Mobile, 'Mobile'),
    Fax: checkPhone(body.Fax, 'Fax'),
    BillAddr: checkAddress(body.BillAddr, 'BillAddr'),
    ShipAddr: checkAddress(body.ShipAddr, 'ShipAddr'),
    PrimaryAddr: checkAddress(body.PrimaryAddr, 'PrimaryAddr'),
    Active: optionalBoolean(body.Active, 'Active'),
  });

// Intuit fills a missing DisplayName from the name parts; without either it refuses (6080).
const displayNameOf = (body: Body): string => {
  const given = nameString(body.DisplayName, 'DisplayName', 500)?.trim();
  if (given) return given;
  const composed = NAME_PARTS.map((part) => body[part])
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(' ');
  if (!composed) throw nameRequiredError();
  return nameString(composed, 'DisplayName', 500) ?? composed;
};

const sameName = (a: unknown, b: string) =>
  typeof a === 'string' && a.trim().toLowerCase() === b.toLowerCase();

// DisplayName is unique across customers, vendors and employees, inactive ones included.
const assertUniqueName = (
  realm: RealmState,
  displayName: string,
  self?: { kind: NameEntityKind; id: string },
) => {
  const kinds: NameEntityKind[] = ['Customer', 'Vendor', 'Employee'];
  const clash = kinds.some((kind) =>
    liveEntities(realm, kind).some(
      (row) => sameName(row.DisplayName, displayName) && !(self?.kind === kind && self.id === row.Id),
    ),
  );
  if (clash) throw duplicateNameError(displayName, 'DisplayName');
};

const normalizedFields = (kind: NameEntityKind, realm: RealmState, body: Body, self?: Entity): Body => {
  const fields = { ...body, ...checkedStrings(body) };
  const displayName = displayNameOf(fields);
  assertUniqueName(realm, displayName, self && { kind, id: self.Id });
  return {
    ...fields,
    DisplayName: displayName,
    PrintOnCheckName: fields.PrintOnCheckName ?? displayName.slice(0, 110),
    Active: fields.Active ?? true,
    ...(kind === 'Customer' ? { FullyQualifiedName: displayName } : {}),
  };
};

export const createNameEntity = (
  kind: NameEntityKind,
  realm: RealmState,
  body: Body,
  now: number,
): Entity => {
  assertKnownFields(body, allowedFields(kind));
  const fields = normalizedFields(kind, realm, writableOf(kind, body));
  const computed = kind === 'Customer' ? { Balance: 0, BalanceWithJobs: 0 } : {};
  return insertEntity(realm, kind, { ...fields, ...computed }, now);
};

const keepsDisplayName = (value: unknown) => value === undefined || value === null || value === '';

export const updateNameEntity = (
  kind: NameEntityKind,
  realm: RealmState,
  body: Body,
  now: number,
): Entity => {
  const current = requireCurrent(realm, kind, body);
  assertKnownFields(body, allowedFields(kind));
  const incoming = writableOf(kind, body);
  // A sparse update changes only what it sends and cannot clear DisplayName.
  const merged =
    body.sparse === true
      ? {
          ...writableOf(kind, current),
          ...incoming,
          ...(keepsDisplayName(incoming.DisplayName) ? { DisplayName: current.DisplayName } : {}),
        }
      : incoming;
  const fields = normalizedFields(kind, realm, merged, current);
  if (kind === 'Customer' && fields.Active === false && Number(current.Balance ?? 0) > 0)
    throw businessRuleError(
      'Delete List Has Balance Error: a customer with an open balance cannot be made inactive.',
    );
  const computed =
    kind === 'Customer' ? { Balance: current.Balance, BalanceWithJobs: current.BalanceWithJobs } : {};
  return saveEntity(realm, kind, current, { ...fields, ...computed }, now);
};
