// Builders for unit tests of the QuickBooks write path: the stored user, issue and connection, the
// services it depends on, and a `fetch` that answers as QuickBooks would (no network).
import { randomBytes } from 'node:crypto';
import { vi } from 'vitest';
import { createTokenCipher, type TokenCipher } from '../../../shared/crypto/token-cipher';
import type { Table } from '../../../shared/db/table';
import type { Issue } from '../../../shared/issues/issue';
import { issueKey, qboConnectionKey, userKey } from '../../../shared/keys';
import type { Logger } from '../../../shared/platform/logger';
import { timeBudget } from '../../../shared/platform/time-budget';
import { intuitEndpoints } from '../../../shared/qbo/intuit-endpoints';
import type { IntuitOAuth, IntuitTokens } from '../../../shared/qbo/intuit-oauth-client';
import type { QboApiDeps } from '../../../shared/qbo/qbo-api-client';
import type { QboConnection } from '../../../shared/qbo/qbo-connection';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings/settings';
import type { User } from '../../../shared/users/user';

export const REALM_ID = '9130350000000001';
export const NOW = new Date('2026-03-02T18:00:00.000Z');
const HOUR_MS = 60 * 60 * 1000;

export const aUser = (overrides: Partial<User> = {}): User => ({
  id: 'u-ann',
  name: 'Ann Lee',
  email: 'ann@example.com',
  role: 'customer',
  enabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

export const aStaffMember = () =>
  aUser({ id: 'u-staff', name: 'Sam Staff', email: 'sam@example.com', role: 'staff' });

/** The requestor's link to their customer in REALM_ID, as a sync stored it. */
export const syncedTo = (customerId: string): Pick<User, 'qboCustomers'> => ({
  qboCustomers: {
    [REALM_ID]: {
      realmId: REALM_ID,
      customerId,
      syncToken: '0',
      displayName: 'Ann Lee',
      syncedAt: '2026-02-01T00:00:00.000Z',
      outcome: 'created',
    },
  },
});

export const anIssue = (overrides: Partial<Issue> = {}): Issue => ({
  id: 7,
  title: 'Printer jams',
  description: '',
  status: 'resolved',
  requestorId: 'u-ann',
  createdAt: '2026-02-01T00:00:00.000Z',
  updatedAt: '2026-02-01T00:00:00.000Z',
  createdBy: 'u-staff',
  ...overrides,
});

export const userItem = (user: User) => ({ ...userKey(user.id), ...user });
export const issueItem = (issue: Issue) => ({ ...issueKey(issue.id), ...issue });
export const connectionItem = (connection: QboConnection) => ({
  ...qboConnectionKey(connection.userId),
  ...connection,
});

/** Settings with both QBO toggles on, unless `qbo` says otherwise. */
export const settingsWith = (qbo: Partial<Settings['qbo']> = {}): Settings => ({
  ...DEFAULT_SETTINGS,
  qbo: { ...DEFAULT_SETTINGS.qbo, syncUser: true, syncInvoice: true, ...qbo },
});

export const testCipher = (): TokenCipher =>
  createTokenCipher({ activeKeyId: 'k1', keys: { k1: randomBytes(32) } });

/** A staff member's connection to REALM_ID holding `accessToken`/`refreshToken`, sealed by `cipher`. */
export const aConnection = (
  cipher: TokenCipher,
  options: { accessToken?: string; refreshToken?: string; expiresAt?: Date; version?: number } = {},
): QboConnection => ({
  userId: 'u-staff',
  realmId: REALM_ID,
  companyName: 'Sandbox Company',
  environment: 'sandbox',
  accessToken: cipher.encrypt(options.accessToken ?? 'AT-1'),
  refreshToken: cipher.encrypt(options.refreshToken ?? 'RT-1'),
  accessTokenExpiresAt: (options.expiresAt ?? new Date(NOW.getTime() + HOUR_MS)).toISOString(),
  refreshTokenExpiresAt: new Date(NOW.getTime() + 100 * 24 * HOUR_MS).toISOString(),
  connectedAt: '2026-01-01T00:00:00.000Z',
  version: options.version ?? 1,
});

export const quietLog = (): Logger => {
  const log: Logger = {
    debug: vi.fn(),
    info: vi.fn(),
    warn: vi.fn(),
    error: vi.fn(),
    child: () => log,
  };
  return log;
};

/** Intuit's OAuth service with a scripted refresh; the other calls are never made by the write path. */
export const fakeOAuth = (refresh: (refreshToken: string) => Promise<IntuitTokens>) => {
  const unused = () => {
    throw new Error('not used by the write path');
  };
  return {
    authorizeUrl: unused,
    exchangeCode: unused,
    refresh: vi.fn(refresh),
    revoke: unused,
  } satisfies IntuitOAuth;
};

/** Ten seconds of a request's time: far more than any of these tests spends. */
export const roomyBudget = () => timeBudget(Date.now() + 10_000);

export type QboCall = {
  method: string;
  /** The path under /v3/company/{realmId}, e.g. `/customer`. */
  path: string;
  /** The statement of a GET /query. */
  statement?: string;
  requestId?: string;
  body?: Record<string, unknown>;
};
export type QboAnswer = { status: number; body: unknown };
/** Answers one call by `METHOD /path`; anything unrouted is QBO's 400 so a test fails loudly. */
export type QboRoutes = Record<string, (call: QboCall) => QboAnswer | Record<string, unknown>>;

export const qboFault = (status: number, code: string, message: string): QboAnswer => ({
  status,
  body: { Fault: { Error: [{ Message: message, Detail: message, code }], type: 'ValidationFault' } },
});

/** A QUERY answer holding `rows` of `entity` (none when empty, as QBO answers). */
export const queryAnswer = (entity: string, rows: Record<string, unknown>[]) => ({
  QueryResponse: rows.length ? { [entity]: rows, startPosition: 1, maxResults: rows.length } : {},
});

/** What QBO answers a create (the given id, SyncToken 0) or a sparse update (the next SyncToken). */
const written = (call: QboCall, newId: string) => ({
  ...call.body,
  Id: String(call.body?.Id ?? newId),
  SyncToken: call.body?.Id ? String(Number(call.body.SyncToken) + 1) : '0',
});

export const NEW_CUSTOMER_ID = '58';
export const NEW_INVOICE_ID = '130';

/**
 * A company with the product "Services" and no customer matching anyone, without automated sales
 * tax: a create makes customer NEW_CUSTOMER_ID or invoice NEW_INVOICE_ID (an unpaid one, which a read
 * finds); an update answers with the next SyncToken.
 */
export const emptyCompany = (): QboRoutes => ({
  'GET /query': (call) =>
    call.statement?.includes('FROM Item')
      ? queryAnswer('Item', [{ Id: '1', Name: 'Services' }])
      : queryAnswer('Customer', []),
  'POST /customer': (call) => ({ Customer: written(call, NEW_CUSTOMER_ID) }),
  'POST /invoice': (call) => ({ Invoice: { TotalAmt: 150, Balance: 150, ...written(call, NEW_INVOICE_ID) } }),
  [`GET /invoice/${NEW_INVOICE_ID}`]: () => ({
    Invoice: { Id: NEW_INVOICE_ID, SyncToken: '0', TotalAmt: 150, Balance: 150, Line: [] },
  }),
  'GET /preferences': () => ({
    Preferences: { TaxPrefs: { UsingSalesTax: true, PartnerTaxEnabled: false } },
  }),
});

/** A stand-in for QuickBooks' v3 API: routes every `fetch` and keeps what was asked. */
export const fakeQbo = (routes: QboRoutes) => {
  const calls: QboCall[] = [];
  const fetch = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const call: QboCall = {
      method: init?.method ?? 'GET',
      path: url.pathname.replace(/^\/v3\/company\/[^/]+/, ''),
      statement: url.searchParams.get('query') ?? undefined,
      requestId: url.searchParams.get('requestid') ?? undefined,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`];
    const answer = route ? route(call) : qboFault(400, '2010', `No route for ${call.method} ${call.path}`);
    const { status, body } =
      typeof answer.status === 'number' ? (answer as QboAnswer) : { status: 200, body: answer };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
};

/** What the write path is given: the table, a clock, and QuickBooks reached through `fetch`. */
export const qboDeps = (
  table: Table,
  options: {
    cipher: TokenCipher;
    fetch?: typeof globalThis.fetch;
    oauth?: IntuitOAuth;
    now?: () => Date;
  },
): QboApiDeps => ({
  table,
  now: options.now ?? (() => NOW),
  log: quietLog(),
  cipher: options.cipher,
  oauth: options.oauth ?? fakeOAuth(async () => Promise.reject(new Error('no refresh expected'))),
  endpointsFor: (environment) => intuitEndpoints({ INTUIT_ENVIRONMENT: environment }, environment),
  fetch: options.fetch,
});
