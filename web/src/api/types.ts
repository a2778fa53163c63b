// Shapes of the JSON the API returns (DESIGN §4). The server owns validation; these only type the UI.

export type Role = 'admin' | 'staff' | 'customer';
export type MfaState = 'none' | 'required' | 'setup_required';
export type IssueStatus = 'open' | 'in_progress' | 'resolved' | 'closed';

export type Address = {
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country?: string;
};

export type QboCustomerLink = {
  realmId: string;
  customerId: string;
  syncToken: string;
  displayName: string;
  syncedAt: string;
};

export type PublicUser = {
  id: string;
  name: string;
  email: string;
  role: Role;
  phone?: string;
  company?: string;
  address?: Address;
  enabled: boolean;
  hasPassword: boolean;
  mfaEnabled: boolean;
  /** Unused recovery codes, while MFA is on. */
  mfaRecoveryCodesLeft?: number;
  createdAt: string;
  updatedAt: string;
  qboCustomers?: Record<string, QboCustomerLink>;
};

export type Session = {
  user: PublicUser;
  mfa: MfaState;
  mfaGraceEndsAt?: string;
};

export type UserRef = { id: string; name: string; email: string };

export type Issue = {
  id: number;
  title: string;
  description: string;
  status: IssueStatus;
  requestorId: string;
  requestor?: UserRef;
  amount?: string;
  billingAddress?: Address;
  billingEmail?: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** The QBO invoice made for this issue, per QuickBooks company (realm id). */
  qboInvoices?: Record<string, IssueQboInvoiceRef>;
};

export type IssueQboInvoiceRef = { invoiceId: string; syncToken: string; syncedAt: string };

export type Page<T> = { items: T[]; nextCursor?: string };

/** The app-wide on/off QBO features (DESIGN §1). */
export type QboToggle = 'syncUser' | 'syncInvoice';

export type Settings = {
  qbo: Record<QboToggle, boolean> & {
    /** The QBO product/service on an issue's invoice line. */
    invoiceItemName?: string;
  };
  security: { enforceMfa: boolean; mfaGraceDays: number };
  version: number;
};

export type NewUser = {
  name: string;
  email: string;
  role: Role;
  phone?: string;
  company?: string;
  address?: Address;
  enabled: boolean;
  password?: string;
};

export type UserChanges = {
  name?: string;
  email?: string;
  role?: Role;
  phone?: string | null;
  company?: string | null;
  address?: Address | null;
  enabled?: boolean;
  password?: string;
};

export type NewIssue = {
  title: string;
  description?: string;
  status?: IssueStatus;
  requestorId: string;
  amount?: string;
  billingAddress?: Address;
  billingEmail?: string;
};

export type IssueChanges = {
  title?: string;
  description?: string;
  status?: IssueStatus;
  requestorId?: string;
  amount?: string | null;
  billingAddress?: Address | null;
  billingEmail?: string | null;
};

export type SettingsUpdate = {
  qbo?: Partial<Settings['qbo']>;
  security?: Partial<Settings['security']>;
  version: number;
};

// QuickBooks (DESIGN §4, §5)

export type QboEnvironment = 'sandbox' | 'production';

export type QboConnectionStatus =
  | { connected: false }
  | {
      connected: true;
      realmId: string;
      companyName: string;
      environment: QboEnvironment;
      connectedAt: string;
      /** The QBO web app's home for this connection ("Sign in" opens it). */
      homeUrl?: string;
      /** Intuit no longer accepts the saved sign-in: the user must connect again. */
      needsReconnect?: { reason: string; at: string };
    };

/** Why the OAuth callback sent the user back without a connection (`?qboError=`). */
export type QboConnectFailure = 'state' | 'denied' | 'exchange' | 'company';

export type QboSyncOutcome = 'created' | 'updated' | 'linked' | 'reactivated' | 'recreated' | 'relinked';

/** A user's QBO customer in one company; a customer id means nothing outside its realm. */
export type UserQboLink = {
  realmId: string;
  customerId: string;
  displayName: string;
  syncedAt: string;
  customerUrl: string;
};

/** One audit entry of a sync: an outcome when it worked, an error when it did not. */
export type QboSyncEvent = {
  id: string;
  at: string;
  actorId: string;
  actorName?: string;
  realmId?: string;
  outcome?: QboSyncOutcome;
  customerId?: string;
  displayName?: string;
  /** `message` is QBO's or ours; older entries may carry only the code. */
  error?: { code: string; message?: string };
};

export type UserQboSync = { links: UserQboLink[]; history: QboSyncEvent[] };

export type QboSyncResult = {
  customerId: string;
  realmId: string;
  customerUrl: string;
  created: boolean;
  outcome: QboSyncOutcome;
  displayName: string;
  /** QBO already had someone else with the user's name, so `displayName` differs from it. */
  displayNameAdjusted: boolean;
  message: string;
  syncedAt: string;
};

export type InvoiceStatus = 'paid' | 'unpaid' | 'partial' | 'voided';

/** An invoice as QBO has it now. Money is QBO's decimal string ("150.00"), never a float. */
export type QboInvoice = {
  id: string;
  docNumber?: string;
  /** The doc number, or "Invoice #<id>" when QBO has none. */
  label: string;
  total: string;
  balance: string;
  currency: string;
  status: InvoiceStatus;
  overdue: boolean;
  dueDate?: string;
  url: string;
};

export type IssueInvoices = { items: QboInvoice[]; notes?: string[] };

export type InvoiceResult = { invoice: QboInvoice; created: boolean; message: string };

// MFA (DESIGN §4, §6)

/** Shown once at setup: the QR code (SVG from the server) and the same key as text. */
export type MfaSetup = { otpauthUrl: string; secret: string; qrSvg: string };

export type MfaVerification = { code: string } | { recoveryCode: string };

/** The session passed the code step; `recoveryCodes` only right after enrolment, shown once. */
export type MfaVerified = { user: PublicUser; mfa: 'none'; recoveryCodes?: string[] };

export type PasswordAndCode = { password: string; code: string };
