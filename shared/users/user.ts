import type { EncryptedValue } from '../crypto/encrypted-value';
import { EmailSchema } from '../validation/email';
import { oneLine } from '../validation/one-line';
import * as z from '../validation/zod';
import { ROLES, type Role } from './role';

export const AddressSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    line1: z.string().check(z.trim(), oneLine(), z.minLength(1), z.maxLength(200)),
    line2: z.optional(z.string().check(z.trim(), oneLine(), z.maxLength(200))),
    city: z.string().check(z.trim(), oneLine(), z.minLength(1), z.maxLength(100)),
    region: z.optional(z.string().check(z.trim(), oneLine(), z.maxLength(100))),
    postalCode: z.optional(z.string().check(z.trim(), oneLine(), z.maxLength(30))),
    country: z.optional(z.string().check(z.trim(), oneLine(), z.maxLength(100))),
  }),
);
export type Address = z.infer<typeof AddressSchema>;

export type QboCustomerLink = {
  realmId: string;
  customerId: string;
  syncToken: string;
  displayName: string;
  syncedAt: string;
  /** What the last sync did (see CustomerSyncOutcome). */
  outcome?: string;
};

export type UserMfa = {
  /** The TOTP secret in use, encrypted; set with `enabledAt` once a code confirmed it. */
  secret?: EncryptedValue;
  enabledAt?: string;
  /** A secret shown at setup and not yet confirmed with a code. */
  pendingSecret?: EncryptedValue;
  pendingSince?: string;
  /** The newest TOTP time step accepted: a code for it or an earlier step is refused (replay). */
  lastUsedStep?: number;
  /** Wrong codes in a row (recovery codes included); reaching the limit sets `lockedUntil`. */
  failedAttempts?: number;
  lockedUntil?: string;
  /** sha256 of each unused recovery code. */
  recoveryCodeHashes?: string[];
};

export type User = {
  id: string;
  name: string;
  email: string;
  role: Role;
  phone?: string;
  company?: string;
  address?: Address;
  enabled: boolean;
  passwordHash?: string;
  createdAt: string;
  updatedAt: string;
  /** QBO customer links keyed by realm id: a customer id means nothing outside its company. */
  qboCustomers?: Record<string, QboCustomerLink>;
  mfa?: UserMfa;
  /** How many passkeys the user has (shared/auth/passkeys): each one is a second factor. */
  passkeyCount?: number;
};

/** What the API shows of a user: never the password hash or MFA secrets. */
export type PublicUser = Omit<User, 'passwordHash' | 'mfa' | 'passkeyCount'> & {
  hasPassword: boolean;
  mfaEnabled: boolean;
  /** Unused recovery codes, while MFA is on. */
  mfaRecoveryCodesLeft?: number;
  passkeyCount: number;
};

export const toPublicUser = ({ passwordHash, mfa, passkeyCount, ...user }: User): PublicUser => ({
  ...user,
  hasPassword: Boolean(passwordHash),
  mfaEnabled: Boolean(mfa?.enabledAt),
  passkeyCount: passkeyCount ?? 0,
  ...(mfa?.enabledAt ? { mfaRecoveryCodesLeft: mfa.recoveryCodeHashes?.length ?? 0 } : {}),
});

const NameSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(z.trim(), oneLine(), z.minLength(1, 'Enter a name'), z.maxLength(100)),
);
const PhoneSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .string()
    .check(z.trim(), z.maxLength(30), z.regex(/^[+()\d\s.-]*$/, 'Use digits, spaces and + ( ) - . only')),
);
const CompanySchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.trim(), oneLine(), z.maxLength(100)));
export const PasswordSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(z.minLength(10, 'Use at least 10 characters'), z.maxLength(200)),
);

export const CreateUserSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    name: NameSchema,
    email: EmailSchema,
    role: z.enum(ROLES),
    phone: z.optional(PhoneSchema),
    company: z.optional(CompanySchema),
    address: z.optional(AddressSchema),
    enabled: z._default(z.boolean(), false),
    password: z.optional(PasswordSchema),
  }),
);
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .partial(
      z.object({
        name: NameSchema,
        email: EmailSchema,
        role: z.enum(ROLES),
        phone: z.nullable(PhoneSchema),
        company: z.nullable(CompanySchema),
        address: z.nullable(AddressSchema),
        enabled: z.boolean(),
        password: PasswordSchema,
      }),
    )
    .check(z.refine((patch) => Object.keys(patch).length > 0, { message: 'Change at least one field' })),
);
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;
