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
};

export type Page<T> = { items: T[]; nextCursor?: string };

export type Settings = {
  qbo: { syncUser: boolean; syncInvoice: boolean };
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
