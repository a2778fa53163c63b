import { toBillAddr } from '../qbo/qbo-address';
import type { User } from '../users/user';
import { withoutControlCharacters } from '../validation/one-line';

/** The QBO Customer fields Deskbooks writes and reads (qbo-reference §3.1). */
export type QboCustomer = {
  Id: string;
  SyncToken: string;
  DisplayName: string;
  Active?: boolean;
  GivenName?: string;
  FamilyName?: string;
  CompanyName?: string;
  PrimaryEmailAddr?: { Address?: string };
  PrimaryPhone?: { FreeFormNumber?: string };
  BillAddr?: Record<string, string>;
};

// Deskbooks keeps DisplayName at 100 characters (many integrations assume it); ':' separates sub-customers.
const DISPLAY_NAME_MAX = 100;
const cleanName = (value: string) =>
  withoutControlCharacters(value).replaceAll(':', ' ').replace(/\s+/g, ' ').trim();
const clip = (value: string, max: number) => value.slice(0, max).trim();

/**
 * DisplayNames to try, in order: the user's name, then predictable variants for when another
 * customer, vendor or employee already has it (the name must be unique across all three in QBO).
 */
export const displayNameCandidates = (user: Pick<User, 'id' | 'name' | 'email'>): string[] => {
  const base = clip(cleanName(user.name), DISPLAY_NAME_MAX);
  const withSuffix = (suffix: string) => `${clip(base, DISPLAY_NAME_MAX - suffix.length - 3)} (${suffix})`;
  return [base, withSuffix(cleanName(user.email)), withSuffix(user.id.slice(0, 8))];
};

/** The customer fields that mirror the user; sparse updates send just these. */
export const customerFieldsOf = (user: User): Omit<QboCustomer, 'Id' | 'SyncToken' | 'DisplayName'> => {
  const name = cleanName(user.name);
  const lastSpace = name.lastIndexOf(' ');
  return {
    ...(lastSpace > 0
      ? { GivenName: clip(name.slice(0, lastSpace), 100), FamilyName: clip(name.slice(lastSpace + 1), 100) }
      : { GivenName: clip(name, 100) }),
    ...(user.company ? { CompanyName: withoutControlCharacters(user.company) } : {}),
    PrimaryEmailAddr: { Address: user.email },
    ...(user.phone ? { PrimaryPhone: { FreeFormNumber: user.phone } } : {}),
    ...(user.address ? { BillAddr: toBillAddr(user.address) } : {}),
  };
};
