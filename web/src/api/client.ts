// The only module that talks to the network. Every call goes through `request`, so the cookie policy,
// the CSRF header and the error shape are decided once.
import type { ErrorCode as ServerErrorCode } from '../../../shared/errors';
import { labels } from '../labels';
import type {
  ActiveSession,
  BillableEntry,
  BillableEntryChanges,
  BillingState,
  CatalogItem,
  CatalogItemChanges,
  CompanyList,
  IncomeAccount,
  InvoiceList,
  InvoiceResult,
  Issue,
  IssueChanges,
  IssueEntries,
  IssueInvoices,
  IssueRow,
  IssueStatus,
  Job,
  JobKind,
  MfaSetup,
  MfaVerification,
  MfaVerified,
  NewBillableEntry,
  NewCatalogItem,
  NewIssue,
  NewQboItem,
  NewUser,
  Page,
  Passkey,
  PasswordAndCode,
  PasswordAndSecondFactor,
  PasswordChange,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  PublicUser,
  QboConnectionStatus,
  QboInvoice,
  QboItem,
  QboSyncResult,
  QboSyncStatus,
  RegistrationResponseJSON,
  Role,
  SecurityEvent,
  Session,
  Settings,
  SettingsUpdate,
  SignInLock,
  SyncFailure,
  SyncFailureKind,
  SyncFailureRetry,
  SyncHealth,
  UserChanges,
  UserQboSync,
} from './types';

// The server's codes (DESIGN §4), plus one raised here, never by the server: the request did not get a
// readable answer.
export type ErrorCode = ServerErrorCode | 'network_error';

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | (string & {});
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** `validation_failed` details: `{fieldErrors: {"address.city": ["…"]}}`; empty for anything else. */
  get fieldErrors(): FieldErrors {
    const fieldErrors = isRecord(this.details) ? this.details.fieldErrors : undefined;
    return isRecord(fieldErrors) ? (fieldErrors as FieldErrors) : {};
  }

  /** Errors about the whole form rather than one field (zod's `formErrors`). */
  get formErrors(): string[] {
    const formErrors = isRecord(this.details) ? this.details.formErrors : undefined;
    return Array.isArray(formErrors) ? formErrors.filter((e): e is string => typeof e === 'string') : [];
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type RequestOptions = { signal?: AbortSignal | undefined };

let onUnauthenticated: (() => void) | undefined;
let onMfaGate: (() => void) | undefined;

/** The app decides what a 401 means (back to sign-in); the session calls handle their own 401s. */
export const setUnauthenticatedHandler = (handler: (() => void) | undefined): void => {
  onUnauthenticated = handler;
};

/** The MFA gate closed on a request (enforcement began, or the session needs its code): re-read the session. */
export const setMfaGateHandler = (handler: (() => void) | undefined): void => {
  onMfaGate = handler;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const readJson = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const toApiError = (status: number, body: unknown): ApiError => {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string') {
    const message = typeof error.message === 'string' ? error.message : labels.errors.generic;
    return new ApiError(status, error.code, message, error.details);
  }
  // A proxy or gateway page rather than our API: say nothing we cannot back up.
  return new ApiError(status, status === 401 ? 'unauthenticated' : 'internal_error', labels.errors.generic);
};

const request = async <T>(
  method: Method,
  path: string,
  body?: unknown,
  { signal, handle401 = true }: RequestOptions & { handle401?: boolean } = {},
): Promise<T> => {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // The server refuses state-changing requests without this header (its CSRF guard), body or not.
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', labels.errors.network);
  }
  const json = await readJson(response);
  if (response.ok) return json as T;
  const apiError = toApiError(response.status, json);
  if (response.status === 401 && handle401) onUnauthenticated?.();
  if (apiError.code === 'mfa_setup_required' || apiError.code === 'mfa_required') onMfaGate?.();
  throw apiError;
};

const query = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

const enc = encodeURIComponent;

// Session

/** The signed-in session, or null when nobody is signed in. */
export const getSession = async (): Promise<Session | null> => {
  try {
    return await request<Session>('GET', '/api/session', undefined, { handle401: false });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
};

export const signIn = (email: string, password: string): Promise<Session> =>
  request<Session>('POST', '/api/session', { email, password }, { handle401: false });

export const signOut = (): Promise<void> =>
  request<void>('DELETE', '/api/session', undefined, { handle401: false });

// MFA

export const startMfaSetup = (): Promise<MfaSetup> => request('POST', '/api/mfa/setup');

export const verifyMfa = (verification: MfaVerification): Promise<MfaVerified> =>
  request('POST', '/api/mfa/verify', verification);

export const disableMfa = (confirmation: PasswordAndCode): Promise<{ user: PublicUser }> =>
  request('DELETE', '/api/mfa', confirmation);

export const regenerateRecoveryCodes = (
  confirmation: PasswordAndCode,
): Promise<{ user: PublicUser; recoveryCodes: string[] }> =>
  request('POST', '/api/mfa/recovery-codes', confirmation);

// Passkeys

export const listPasskeys = (options?: RequestOptions): Promise<{ passkeys: Passkey[] }> =>
  request('GET', '/api/passkeys', undefined, options);

export const passkeyRegistrationOptions = (): Promise<PublicKeyCredentialCreationOptionsJSON> =>
  request('POST', '/api/passkeys/registration-options');

export const addPasskey = (name: string, response: RegistrationResponseJSON): Promise<Passkey> =>
  request('POST', '/api/passkeys', { name, response });

export const removePasskey = (
  passkeyId: string,
  confirmation: PasswordAndSecondFactor,
): Promise<{ user: PublicUser }> => request('DELETE', `/api/passkeys/${enc(passkeyId)}`, confirmation);

/** A challenge for one of the user's passkeys: at the sign-in step, or to confirm a removal. */
export const passkeySignInOptions = (): Promise<PublicKeyCredentialRequestOptionsJSON> =>
  request('POST', '/api/mfa/passkey-options');

export const resetUserMfa = (userId: string): Promise<PublicUser> =>
  request('POST', `/api/users/${enc(userId)}/mfa/reset`);

// Users

type UserQuery = { q?: string; role?: Role | ''; limit?: number; cursor?: string };

export const listUsers = (params: UserQuery, options?: RequestOptions): Promise<Page<PublicUser>> =>
  request('GET', `/api/users${query(params)}`, undefined, options);

const WORKER_ROLES: Role[] = ['staff', 'admin'];
// The largest page the server gives.
const WORKERS_PAGE = 100;

const everyPage = async <T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
};

/** Everyone who can log time (staff and admins), every page of each role, by name. */
export const listWorkers = async (options?: RequestOptions): Promise<PublicUser[]> => {
  const byRole = await Promise.all(
    WORKER_ROLES.map((role) =>
      everyPage((cursor) => listUsers({ role, limit: WORKERS_PAGE, cursor }, options)),
    ),
  );
  return byRole.flat().sort((a, b) => a.name.localeCompare(b.name));
};

export const getUser = (id: string, options?: RequestOptions): Promise<PublicUser> =>
  request('GET', `/api/users/${enc(id)}`, undefined, options);

export const createUser = (user: NewUser): Promise<PublicUser> => request('POST', '/api/users', user);

export const updateUser = (id: string, changes: UserChanges): Promise<PublicUser> =>
  request('PATCH', `/api/users/${enc(id)}`, changes);

// Issues

type IssueQuery = {
  status?: IssueStatus | '';
  billing?: BillingState | '';
  limit?: number;
  cursor?: string;
};

export const listIssues = (params: IssueQuery, options?: RequestOptions): Promise<Page<IssueRow>> =>
  request('GET', `/api/issues${query(params)}`, undefined, options);

export const getIssue = (id: number | string, options?: RequestOptions): Promise<Issue> =>
  request('GET', `/api/issues/${enc(String(id))}`, undefined, options);

export const createIssue = (issue: NewIssue): Promise<Issue> => request('POST', '/api/issues', issue);

export const updateIssue = (id: number, changes: IssueChanges): Promise<Issue> =>
  request('PATCH', `/api/issues/${id}`, changes);

// Invoices (as Deskbooks last saw them; no QuickBooks call)

type InvoiceQuery = {
  status?: Exclude<BillingState, 'not_invoiced'> | '';
  customerId?: string;
  limit?: number;
  cursor?: string;
};

export const listInvoices = (params: InvoiceQuery, options?: RequestOptions): Promise<InvoiceList> =>
  request('GET', `/api/invoices${query(params)}`, undefined, options);

// Settings

export const getSettings = (options?: RequestOptions): Promise<Settings> =>
  request('GET', '/api/settings', undefined, options);

export const updateSettings = (update: SettingsUpdate): Promise<Settings> =>
  request('PUT', '/api/settings', update);

// QuickBooks

export const getQboConnection = (options?: RequestOptions): Promise<QboConnectionStatus> =>
  request('GET', '/api/qbo/connection', undefined, options);

export const disconnectQbo = (): Promise<void> => request('DELETE', '/api/qbo/connection');

export const getQboSyncStatus = (options?: RequestOptions): Promise<QboSyncStatus> =>
  request('GET', '/api/qbo/sync-status', undefined, options);

export const getUserQboSync = (userId: string, options?: RequestOptions): Promise<UserQboSync> =>
  request('GET', `/api/users/${enc(userId)}/qbo-sync`, undefined, options);

export const syncUserToQbo = (userId: string): Promise<QboSyncResult> =>
  request('POST', `/api/users/${enc(userId)}/qbo-sync`);

export const listIssueInvoices = (issueId: number, options?: RequestOptions): Promise<IssueInvoices> =>
  request('GET', `/api/issues/${issueId}/invoices`, undefined, options);

export const createIssueInvoice = (issueId: number): Promise<InvoiceResult> =>
  request('POST', `/api/issues/${issueId}/invoice`);

export const sendIssueInvoice = (
  issueId: number,
  invoiceId: string,
): Promise<{ invoice: QboInvoice; message: string }> =>
  request('POST', `/api/issues/${issueId}/invoices/${enc(invoiceId)}/send`);

// Sync health (staff see their own failures, admins everyone's)

export const getSyncHealth = (options?: RequestOptions): Promise<SyncHealth> =>
  request('GET', '/api/qbo/sync-health', undefined, options);

type SyncFailureQuery =
  | { limit?: number; cursor?: string }
  | { kind: SyncFailureKind; subjectId: string; limit?: number };

/** A page of failures, newest first; or one user's or issue's (with `kind` and `subjectId`). */
export const listSyncFailures = (
  params: SyncFailureQuery,
  options?: RequestOptions,
): Promise<Page<SyncFailure>> => request('GET', `/api/qbo/sync-failures${query(params)}`, undefined, options);

/** The same sync again; a success removes the failure, another failure replaces it (and is thrown). */
export const retrySyncFailure = (id: string): Promise<SyncFailureRetry> =>
  request('POST', `/api/qbo/sync-failures/${enc(id)}/retry`);

export const dismissSyncFailure = (id: string): Promise<void> =>
  request('DELETE', `/api/qbo/sync-failures/${enc(id)}`);

// Bulk jobs (admins)

/** 202 with the new job; 409 `conflict` with `details.jobId` when one of the kind is already running. */
export const startJob = (kind: JobKind): Promise<Job> => request('POST', '/api/jobs', { kind });

/** The newest job of the kind, running or finished, so its progress survives a reload. */
export const getLatestJob = (kind: JobKind, options?: RequestOptions): Promise<{ job?: Job }> =>
  request('GET', `/api/jobs${query({ kind })}`, undefined, options);

export const getJob = (id: string, options?: RequestOptions): Promise<Job> =>
  request('GET', `/api/jobs/${enc(id)}`, undefined, options);

export const cancelJob = (id: string): Promise<Job> => request('POST', `/api/jobs/${enc(id)}/cancel`);

// Billing

export const listCatalog = (options?: RequestOptions): Promise<{ items: CatalogItem[] }> =>
  request('GET', '/api/catalog', undefined, options);

export const createCatalogItem = (item: NewCatalogItem): Promise<CatalogItem> =>
  request('POST', '/api/catalog', item);

export const updateCatalogItem = (id: string, changes: CatalogItemChanges): Promise<CatalogItem> =>
  request('PATCH', `/api/catalog/${enc(id)}`, changes);

export const listQboItems = (options?: RequestOptions): Promise<CompanyList<QboItem>> =>
  request('GET', '/api/qbo/items', undefined, options);

export const listIncomeAccounts = (options?: RequestOptions): Promise<CompanyList<IncomeAccount>> =>
  request('GET', '/api/qbo/income-accounts', undefined, options);

export const createQboItem = (item: NewQboItem): Promise<{ realmId: string; item: QboItem }> =>
  request('POST', '/api/qbo/items', item);

export const listIssueEntries = (issueId: number | string, options?: RequestOptions): Promise<IssueEntries> =>
  request('GET', `/api/issues/${enc(String(issueId))}/entries`, undefined, options);

export const createIssueEntry = (issueId: number, entry: NewBillableEntry): Promise<BillableEntry> =>
  request('POST', `/api/issues/${issueId}/entries`, entry);

export const updateIssueEntry = (
  issueId: number,
  entryId: string,
  changes: BillableEntryChanges,
): Promise<BillableEntry> => request('PATCH', `/api/issues/${issueId}/entries/${enc(entryId)}`, changes);

export const deleteIssueEntry = (issueId: number, entryId: string): Promise<void> =>
  request('DELETE', `/api/issues/${issueId}/entries/${enc(entryId)}`);

// Accounts and security

export const listSessions = (options?: RequestOptions): Promise<{ items: ActiveSession[] }> =>
  request('GET', '/api/sessions', undefined, options);

/** Ends one of the caller's sessions; ending the current one also clears this browser's cookie. */
export const revokeSession = (id: string): Promise<void> => request('DELETE', `/api/sessions/${enc(id)}`);

export const revokeOtherSessions = (): Promise<{ endedSessions: number }> =>
  request('DELETE', '/api/sessions');

export const changePassword = (change: PasswordChange): Promise<{ endedSessions: number }> =>
  request('PUT', '/api/password', change);

export const listSecurityActivity = (
  params: { cursor?: string | undefined },
  options?: RequestOptions,
): Promise<Page<SecurityEvent>> =>
  request('GET', `/api/security/activity${query(params)}`, undefined, options);

export const getSignInLock = (userId: string, options?: RequestOptions): Promise<SignInLock> =>
  request('GET', `/api/users/${enc(userId)}/sign-in-lock`, undefined, options);

export const unlockSignIn = (userId: string): Promise<void> =>
  request('DELETE', `/api/users/${enc(userId)}/sign-in-lock`);
