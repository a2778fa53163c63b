// Response pieces more than one area's operations describe. Response schemas document what the
// services write; they are never parsed on a request path, so they need not be lazy.
import { ROLES } from '../users/role';
import type { PublicUser } from '../users/user';
import * as z from '../validation/zod';

/** Exactly `T`, or `never`: makes a response schema and the type its service returns fail tsc together when they part. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? unknown : never) : never;

/** A response schema checked against the service's type: `describes<Issue>()(IssueSchema)`. */
export const describes =
  <T>() =>
  <S extends z.core.$ZodType>(schema: S & Same<z.output<S>, T>): S =>
    schema;

export const Timestamp = z.string().check(z.describe('An ISO 8601 time (UTC)'));
export const CalendarDate = z.string().check(z.describe('A YYYY-MM-DD date'));

export const AddressBody = z.object({
  line1: z.string(),
  line2: z.optional(z.string()),
  city: z.string(),
  region: z.optional(z.string()),
  postalCode: z.optional(z.string()),
  country: z.optional(z.string()),
});

/** One page of a list, newest first; `nextCursor` fetches the next page while there is one. */
export const pageOf = <T extends z.core.$ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });

/** What the API shows of a user (`toPublicUser`): never the password hash or MFA secrets. */
export const PublicUserBody = describes<PublicUser>()(
  z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    phone: z.optional(z.string()),
    company: z.optional(z.string()),
    address: z.optional(AddressBody),
    enabled: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    qboCustomers: z.optional(
      z.record(
        z.string().check(z.describe('The QuickBooks company (realm) id')),
        z.object({
          realmId: z.string(),
          customerId: z.string(),
          syncToken: z.string(),
          displayName: z.string(),
          syncedAt: Timestamp,
          outcome: z.optional(z.string()),
        }),
      ),
    ),
    hasPassword: z.boolean(),
    mfaEnabled: z.boolean(),
    mfaRecoveryCodesLeft: z.optional(z.number().check(z.describe('Unused recovery codes, while MFA is on'))),
    passkeyCount: z.number(),
  }),
);
