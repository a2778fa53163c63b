// Shapes of the JSON the API returns (DESIGN §4), taken from the server's own types (type-only imports:
// nothing of the server reaches the bundle). The server owns validation; these only type the UI.

import type { AuthenticationResponseJSON } from '@simplewebauthn/browser';
import type { MfaStatus } from '../../../shared/auth/mfa-gate';
import type { PublicPasskey } from '../../../shared/auth/passkeys/passkey-repository';
import type { BillableEntryView } from '../../../shared/billing/billable-entry';
import type {
  CreatePartEntrySchema,
  CreateTimeEntrySchema,
  UpdateBillableEntrySchema,
} from '../../../shared/billing/billable-entry-input';
import type { CatalogItemView, CatalogItem as ServerCatalogItem } from '../../../shared/billing/catalog-item';
import type {
  CreateCatalogItemSchema,
  UpdateCatalogItemSchema,
} from '../../../shared/billing/catalog-item-input';
import type {
  IssueEntries as ServerIssueEntries,
  StoredIssueInvoice,
} from '../../../shared/billing/list-issue-entries';
import type { UserQboSyncView } from '../../../shared/customers/get-user-qbo-sync';
import type { CustomerSyncOutcome, CustomerSyncResult } from '../../../shared/customers/sync-user-to-qbo';
import type { CreateInvoiceResult } from '../../../shared/invoices/create-issue-invoice';
import type { IssueInvoices as ServerIssueInvoices } from '../../../shared/invoices/list-issue-invoices';
import type { StoredInvoiceItem, StoredInvoices } from '../../../shared/invoices/list-stored-invoices';
import type { InvoiceView } from '../../../shared/invoices/qbo-invoice';
import type {
  CreateIssueSchema,
  IssueInvoiceLink,
  IssueView,
  UpdateIssueSchema,
} from '../../../shared/issues/issue';
import type { IssueListItem } from '../../../shared/issues/list-issues';
import type { CreateItemSchema, IncomeAccountView, ItemView } from '../../../shared/items/qbo-item';
import type { JobView as ServerJobView } from '../../../shared/jobs/job';
import type { ConnectFailure } from '../../../shared/qbo/complete-qbo-connect';
import type { IntuitEnvironment } from '../../../shared/qbo/intuit-endpoints';
import type { QboConnectionStatus as ServerQboConnectionStatus } from '../../../shared/qbo/qbo-connection';
import type { QboSyncStatus as ServerQboSyncStatus } from '../../../shared/qbo-events/sync-status';
import type { Settings as ServerSettings, UpdateSettingsInput } from '../../../shared/settings/settings';
import type { SyncHealth as ServerSyncHealth } from '../../../shared/sync-health/get-sync-health';
import type { RetryResult } from '../../../shared/sync-health/retry-sync-failure';
import type { SyncFailureView } from '../../../shared/sync-health/sync-failure-view';
import type {
  CreateUserSchema,
  PublicUser as ServerPublicUser,
  UpdateUserSchema,
} from '../../../shared/users/user';
import type * as z from '../../../shared/validation/zod';

export type { MfaState } from '../../../shared/auth/mfa-gate';
export type { BillingState } from '../../../shared/invoices/invoice-snapshot';
export type { InvoiceStatus } from '../../../shared/invoices/qbo-invoice';
export type { IssueStatus } from '../../../shared/issues/issue';
export type { JobKind, JobState } from '../../../shared/jobs/job';
export type { InvoiceDetail } from '../../../shared/settings/settings';
export type { Role } from '../../../shared/users/role';
export type { Address, QboCustomerLink } from '../../../shared/users/user';

export type PublicUser = ServerPublicUser;
export type Session = { user: PublicUser } & MfaStatus;
export type UserRef = NonNullable<IssueView['requestor']>;
export type Issue = IssueView;
/** An issue as the issues list has it: with its "Billing" state. */
export type IssueRow = IssueListItem;
export type IssueQboInvoiceRef = IssueInvoiceLink;
export type Page<T> = { items: T[]; nextCursor?: string };

/** The app-wide on/off QBO features (DESIGN §1). */
export type QboToggle = 'syncUser' | 'syncInvoice';
export type Settings = ServerSettings;

export type NewUser = z.input<typeof CreateUserSchema>;
export type UserChanges = z.input<typeof UpdateUserSchema>;
export type NewIssue = z.input<typeof CreateIssueSchema>;
export type IssueChanges = z.input<typeof UpdateIssueSchema>;
export type SettingsUpdate = UpdateSettingsInput;

// QuickBooks (DESIGN §4, §5)

export type QboEnvironment = IntuitEnvironment;
export type QboConnectionStatus = ServerQboConnectionStatus;
/** Why the OAuth callback sent the user back without a connection (`?qboError=`). */
export type QboConnectFailure = ConnectFailure;
export type QboSyncOutcome = CustomerSyncOutcome;
export type UserQboSync = UserQboSyncView;
export type UserQboLink = UserQboSync['links'][number];
export type QboSyncEvent = UserQboSync['history'][number];
export type QboSyncResult = CustomerSyncResult;
/** An invoice as QBO has it now. Money is a decimal string ("150.00"), never a float. */
export type QboInvoice = InvoiceView;
export type IssueInvoices = ServerIssueInvoices;
export type InvoiceResult = CreateInvoiceResult;

// MFA (DESIGN §4, §6)

/** Shown once at setup: the QR code (SVG from the server) and the same key as text. */
export type MfaSetup = { otpauthUrl: string; secret: string; qrSvg: string };

export type MfaVerification =
  | { code: string }
  | { recoveryCode: string }
  | { passkey: AuthenticationResponseJSON };

// Passkeys (Settings → Security; the sign-in step)

export type Passkey = PublicPasskey;
/** Removing a passkey: the password, and a code from the app or a passkey's answer. */
export type PasswordAndSecondFactor =
  | { password: string; code: string }
  | { password: string; passkey: AuthenticationResponseJSON };
export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';

/** The session passed the code step; `recoveryCodes` only right after enrolment, shown once. */
export type MfaVerified = { user: PublicUser; mfa: 'none'; recoveryCodes?: string[] };

export type PasswordAndCode = { password: string; code: string };

// Billing (Settings → Billing)

/**
 * A catalogue entry: a labour rate or a part, with its QuickBooks item per company (realm id → item id).
 * `qboItemName` (the item the old "Invoice item" setting named) only where the server's view carries it.
 */
export type CatalogItem = CatalogItemView & Partial<Pick<ServerCatalogItem, 'qboItemName'>>;
export type NewCatalogItem = z.input<typeof CreateCatalogItemSchema>;
export type CatalogItemChanges = z.input<typeof UpdateCatalogItemSchema>;
export type QboItem = ItemView;
export type IncomeAccount = IncomeAccountView;
export type NewQboItem = z.input<typeof CreateItemSchema>;
/** A list from the viewer's QuickBooks company, with the company it came from. */
export type CompanyList<T> = { realmId: string; companyName: string; items: T[] };

/** Time or a part logged on an issue (Billable work). Money and quantities are decimal strings. */
export type BillableEntry = BillableEntryView;
export type IssueEntries = ServerIssueEntries;
export type NewBillableEntry =
  | ({ kind: 'time' } & z.input<typeof CreateTimeEntrySchema>)
  | ({ kind: 'part' } & z.input<typeof CreatePartEntrySchema>);
export type BillableEntryChanges = z.input<typeof UpdateBillableEntrySchema>;

// Invoices as Deskbooks last saw them in QuickBooks (stored snapshots; no QuickBooks call)

/** A row of the Invoices page. Money is a decimal string. */
export type InvoiceListItem = StoredInvoiceItem;
export type InvoiceList = StoredInvoices;
/** One of the issue's invoices, as the entries response carries it (`seenAt` once QuickBooks was read). */
export type StoredInvoice = StoredIssueInvoice;
/** Settings → QBO "QuickBooks webhooks" (admins). */
export type QboSyncStatus = ServerQboSyncStatus;

// Sync health and bulk sync (Settings → QBO)

/** Per company: customers and invoices synced, and the last successful sync; and the failures the viewer sees. */
export type SyncHealth = ServerSyncHealth;
/** A failed last sync of a user (customer) or an issue (invoice) with one company, to retry or dismiss. */
export type SyncFailure = SyncFailureView;
export type SyncFailureKind = SyncFailure['kind'];
export type SyncFailureRetry = RetryResult;
/** A bulk job ("Sync all customers", "Invoice resolved issues") with its progress. */
export type Job = ServerJobView;

// Accounts and security (Settings → Security, the user page's sign-in lock)

export type { SignInLock } from '../../../shared/account/get-sign-in-lock';
export type { SecurityActivityView as SecurityEvent } from '../../../shared/account/list-security-activity';
export type { SessionView as ActiveSession } from '../../../shared/account/list-sessions';
export type PasswordChange = { currentPassword: string; newPassword: string };
