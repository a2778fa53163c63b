// Form values ⇄ API payloads. Inputs hold strings; the API wants blanks left out on create and
// cleared (null) on edit. Field keys match the server's validation keys ("address.city"), so a server
// error lands next to the input that caused it.
import type { FieldErrors } from '../api/client';
import type {
  Address,
  Issue,
  IssueChanges,
  IssueStatus,
  NewIssue,
  NewUser,
  PublicUser,
  Role,
  UserChanges,
} from '../api/types';
import { labels } from '../labels';

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
export type AddressValues = Record<(typeof ADDRESS_FIELDS)[number], string>;

export const MIN_PASSWORD_LENGTH = 10;

const addressToValues = (address: Address | undefined): AddressValues => ({
  line1: address?.line1 ?? '',
  line2: address?.line2 ?? '',
  city: address?.city ?? '',
  region: address?.region ?? '',
  postalCode: address?.postalCode ?? '',
  country: address?.country ?? '',
});

/** An address with only its filled-in parts, or undefined when every part is blank. */
export const valuesToAddress = (values: AddressValues): Address | undefined => {
  const trimmed = Object.entries(values)
    .map(([key, value]) => [key, value.trim()] as const)
    .filter(([, value]) => value !== '');
  if (trimmed.length === 0) return undefined;
  const address = Object.fromEntries(trimmed) as Partial<Address>;
  return { ...address, line1: address.line1 ?? '', city: address.city ?? '' };
};

const sameAddress = (a: Address | undefined, b: Address | undefined): boolean =>
  JSON.stringify(valuesToAddress(addressToValues(a))) === JSON.stringify(valuesToAddress(addressToValues(b)));

const blankToUndefined = (value: string): string | undefined => value.trim() || undefined;

// Users

export type UserFormValues = {
  name: string;
  email: string;
  role: Role;
  phone: string;
  company: string;
  address: AddressValues;
  enabled: boolean;
  password: string;
};

export const userToValues = (user: PublicUser | undefined): UserFormValues => ({
  name: user?.name ?? '',
  email: user?.email ?? '',
  role: user?.role ?? 'customer',
  phone: user?.phone ?? '',
  company: user?.company ?? '',
  address: addressToValues(user?.address),
  enabled: user?.enabled ?? false,
  password: '',
});

export const buildNewUser = (values: UserFormValues): NewUser => {
  const user: NewUser = {
    name: values.name.trim(),
    email: values.email.trim(),
    role: values.role,
    enabled: values.enabled,
  };
  const phone = blankToUndefined(values.phone);
  const company = blankToUndefined(values.company);
  const address = valuesToAddress(values.address);
  if (phone) user.phone = phone;
  if (company) user.company = company;
  if (address) user.address = address;
  if (values.password) user.password = values.password;
  return user;
};

/** Only what changed, so an edit never rewrites fields someone else just saved. */
export const buildUserChanges = (
  values: UserFormValues,
  original: PublicUser,
  { canChangeRole }: { canChangeRole: boolean },
): UserChanges => {
  const changes: UserChanges = {};
  const name = values.name.trim();
  const email = values.email.trim();
  const phone = blankToUndefined(values.phone);
  const company = blankToUndefined(values.company);
  const address = valuesToAddress(values.address);
  if (name !== original.name) changes.name = name;
  if (email !== original.email) changes.email = email;
  if (canChangeRole && values.role !== original.role) changes.role = values.role;
  if (phone !== original.phone) changes.phone = phone ?? null;
  if (company !== original.company) changes.company = company ?? null;
  if (!sameAddress(address, original.address)) changes.address = address ?? null;
  if (values.enabled !== original.enabled) changes.enabled = values.enabled;
  if (values.password) changes.password = values.password;
  return changes;
};

export const validateUser = (values: UserFormValues): FieldErrors => {
  const errors: FieldErrors = {};
  if (values.password && values.password.length < MIN_PASSWORD_LENGTH) {
    errors.password = [labels.users.passwordTooShort];
  }
  return errors;
};

// Issues

export type IssueFormValues = {
  title: string;
  description: string;
  status: IssueStatus;
  requestorId: string;
  billingAddress: AddressValues;
  billingEmail: string;
};

export const issueToValues = (issue: Issue | undefined, requestorId = ''): IssueFormValues => ({
  title: issue?.title ?? '',
  description: issue?.description ?? '',
  status: issue?.status ?? 'open',
  requestorId: issue?.requestorId ?? requestorId,
  billingAddress: addressToValues(issue?.billingAddress),
  billingEmail: issue?.billingEmail ?? '',
});

export const buildNewIssue = (values: IssueFormValues): NewIssue => {
  const issue: NewIssue = {
    title: values.title.trim(),
    description: values.description.trim(),
    status: values.status,
    requestorId: values.requestorId,
  };
  const billingAddress = valuesToAddress(values.billingAddress);
  const billingEmail = blankToUndefined(values.billingEmail);
  if (billingAddress) issue.billingAddress = billingAddress;
  if (billingEmail) issue.billingEmail = billingEmail;
  return issue;
};

export const buildIssueChanges = (values: IssueFormValues, original: Issue): IssueChanges => {
  const changes: IssueChanges = {};
  const title = values.title.trim();
  const description = values.description.trim();
  const billingAddress = valuesToAddress(values.billingAddress);
  const billingEmail = blankToUndefined(values.billingEmail);
  if (title !== original.title) changes.title = title;
  if (description !== (original.description ?? '')) changes.description = description;
  if (values.status !== original.status) changes.status = values.status;
  if (values.requestorId !== original.requestorId) changes.requestorId = values.requestorId;
  if (!sameAddress(billingAddress, original.billingAddress)) changes.billingAddress = billingAddress ?? null;
  if (billingEmail !== original.billingEmail) changes.billingEmail = billingEmail ?? null;
  return changes;
};

export const validateIssue = (values: IssueFormValues): FieldErrors => {
  const errors: FieldErrors = {};
  if (!values.title.trim()) errors.title = [labels.issues.titleRequired];
  if (!values.requestorId) errors.requestorId = [labels.issues.requestorRequired];
  return errors;
};

export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0;

/** The API refuses an empty PATCH, so an unchanged form just goes back. */
export const hasChanges = (changes: object): boolean => Object.keys(changes).length > 0;
