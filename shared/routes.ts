// The single route table: the CDK stack and the local gateway are both wired from it, and the
// session middleware reads each route's access rule from it, so a route cannot exist unguarded.

import { ROLES, type Role, STAFF_ROLES } from './users/role';

const EVERYONE = ROLES;
const ADMINS = ['admin'] as const satisfies readonly Role[];

export type RouteGroup =
  | 'session'
  | 'account'
  | 'users'
  | 'issues'
  | 'settings'
  | 'oauth-start'
  | 'oauth-callback'
  | 'qbo-connection'
  | 'sync-user'
  | 'create-invoice'
  | 'list-invoices'
  | 'billing'
  | 'qbo-items'
  | 'invoice-delivery'
  | 'mfa-setup'
  | 'mfa-verify'
  | 'passkeys'
  | 'qbo-webhooks'
  | 'invoices'
  | 'sync-health'
  | 'jobs'
  | 'openapi';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `public`: no session needed. Otherwise the caller must be signed in with one of `roles`.
 * `mfa: 'exempt'` routes answer while the MFA gate holds (so a user can finish MFA sign-in or setup);
 * `mfa: 'enrol'` routes answer a user who must set MFA up, but not one whose second step is pending
 * (adding a passkey is setting MFA up, and must not stand in for the step).
 */
export type RouteAccess = { kind: 'public' } | { kind: 'signed-in'; roles: readonly Role[]; mfa: MfaAccess };

export type MfaAccess = 'gate' | 'exempt' | 'enrol';

/**
 * What the sign-in gate reads for a route in its one round trip, beside the session, the user and
 * the settings: the caller's QBO connection, the issue or the user named by the path's `{id}`.
 */
export type Preload = 'qbo-connection' | 'issue' | 'path-user';

export type RouteDefinition = {
  method: HttpMethod;
  path: `/api/${string}`;
  group: RouteGroup;
  access: RouteAccess;
  preload?: readonly Preload[];
  /**
   * `raw`: the body reaches the handler as it came, unparsed, whatever its content type (a signed
   * webhook is checked on its bytes before anything reads them).
   */
  body?: 'raw';
};

const QBO_ISSUE = ['qbo-connection', 'issue'] as const satisfies readonly Preload[];
const QBO = ['qbo-connection'] as const satisfies readonly Preload[];
const ISSUE = ['issue'] as const satisfies readonly Preload[];

const PUBLIC: RouteAccess = { kind: 'public' };
const signedIn = (roles: readonly Role[], mfa: MfaAccess = 'gate'): RouteAccess => ({
  kind: 'signed-in',
  roles,
  mfa,
});

export const ROUTES = [
  { method: 'POST', path: '/api/session', group: 'session', access: PUBLIC },
  { method: 'GET', path: '/api/session', group: 'session', access: signedIn(EVERYONE, 'exempt') },
  { method: 'DELETE', path: '/api/session', group: 'session', access: signedIn(EVERYONE, 'exempt') },

  // Settings → Security: one's own sessions and password; admins read everyone's security activity.
  { method: 'GET', path: '/api/sessions', group: 'account', access: signedIn(EVERYONE) },
  { method: 'DELETE', path: '/api/sessions', group: 'account', access: signedIn(EVERYONE) },
  { method: 'DELETE', path: '/api/sessions/{id}', group: 'account', access: signedIn(EVERYONE) },
  { method: 'PUT', path: '/api/password', group: 'account', access: signedIn(EVERYONE) },
  { method: 'GET', path: '/api/security/activity', group: 'account', access: signedIn(ADMINS) },
  {
    method: 'GET',
    path: '/api/users/{id}/sign-in-lock',
    group: 'account',
    access: signedIn(STAFF_ROLES),
    preload: ['path-user'],
  },
  {
    method: 'DELETE',
    path: '/api/users/{id}/sign-in-lock',
    group: 'account',
    access: signedIn(ADMINS),
    preload: ['path-user'],
  },

  { method: 'GET', path: '/api/users', group: 'users', access: signedIn(STAFF_ROLES) },
  { method: 'POST', path: '/api/users', group: 'users', access: signedIn(STAFF_ROLES) },
  { method: 'GET', path: '/api/users/{id}', group: 'users', access: signedIn(EVERYONE) },
  { method: 'PATCH', path: '/api/users/{id}', group: 'users', access: signedIn(STAFF_ROLES) },
  {
    method: 'GET',
    path: '/api/users/{id}/qbo-sync',
    group: 'sync-user',
    access: signedIn(STAFF_ROLES),
    preload: ['path-user'],
  },
  {
    method: 'POST',
    path: '/api/users/{id}/qbo-sync',
    group: 'sync-user',
    access: signedIn(STAFF_ROLES),
    preload: QBO,
  },

  { method: 'GET', path: '/api/issues', group: 'issues', access: signedIn(EVERYONE) },
  { method: 'POST', path: '/api/issues', group: 'issues', access: signedIn(STAFF_ROLES) },
  { method: 'GET', path: '/api/issues/{id}', group: 'issues', access: signedIn(EVERYONE) },
  { method: 'PATCH', path: '/api/issues/{id}', group: 'issues', access: signedIn(STAFF_ROLES) },
  {
    method: 'POST',
    path: '/api/issues/{id}/invoice',
    group: 'create-invoice',
    access: signedIn(STAFF_ROLES),
    preload: QBO_ISSUE,
  },
  {
    method: 'GET',
    path: '/api/issues/{id}/invoices',
    group: 'list-invoices',
    access: signedIn(STAFF_ROLES),
    preload: QBO_ISSUE,
  },

  // An issue's billable work: everyone reads it (a customer on the issues they requested), staff record it.
  {
    method: 'GET',
    path: '/api/issues/{id}/entries',
    group: 'billing',
    access: signedIn(EVERYONE),
    preload: ISSUE,
  },
  {
    method: 'POST',
    path: '/api/issues/{id}/entries',
    group: 'billing',
    access: signedIn(STAFF_ROLES),
    preload: ISSUE,
  },
  {
    method: 'PATCH',
    path: '/api/issues/{id}/entries/{entryId}',
    group: 'billing',
    access: signedIn(STAFF_ROLES),
    preload: ISSUE,
  },
  {
    method: 'DELETE',
    path: '/api/issues/{id}/entries/{entryId}',
    group: 'billing',
    access: signedIn(STAFF_ROLES),
    preload: ISSUE,
  },

  // The billing catalogue (Settings → Billing): staff pick from it, admins keep it.
  { method: 'GET', path: '/api/catalog', group: 'billing', access: signedIn(STAFF_ROLES) },
  { method: 'POST', path: '/api/catalog', group: 'billing', access: signedIn(ADMINS) },
  { method: 'PATCH', path: '/api/catalog/{id}', group: 'billing', access: signedIn(ADMINS) },

  // QuickBooks emails an invoice of the issue, or hands over its PDF.
  {
    method: 'POST',
    path: '/api/issues/{id}/invoices/{invoiceId}/send',
    group: 'invoice-delivery',
    access: signedIn(STAFF_ROLES),
    preload: QBO_ISSUE,
  },
  {
    method: 'GET',
    path: '/api/issues/{id}/invoices/{invoiceId}/pdf',
    group: 'invoice-delivery',
    access: signedIn(STAFF_ROLES),
    preload: QBO_ISSUE,
  },

  { method: 'GET', path: '/api/settings', group: 'settings', access: signedIn(EVERYONE) },
  { method: 'PUT', path: '/api/settings', group: 'settings', access: signedIn(ADMINS) },

  { method: 'GET', path: '/api/qbo/connect', group: 'oauth-start', access: signedIn(STAFF_ROLES) },
  { method: 'GET', path: '/api/qbo/callback', group: 'oauth-callback', access: signedIn(STAFF_ROLES) },
  {
    method: 'GET',
    path: '/api/qbo/connection',
    group: 'qbo-connection',
    access: signedIn(STAFF_ROLES),
    preload: QBO,
  },
  {
    method: 'DELETE',
    path: '/api/qbo/connection',
    group: 'qbo-connection',
    access: signedIn(STAFF_ROLES),
    preload: QBO,
  },
  // The viewer's company's products, services and income accounts, for Settings → Billing.
  {
    method: 'GET',
    path: '/api/qbo/items',
    group: 'qbo-items',
    access: signedIn(STAFF_ROLES),
    preload: QBO,
  },
  { method: 'POST', path: '/api/qbo/items', group: 'qbo-items', access: signedIn(ADMINS), preload: QBO },
  {
    method: 'GET',
    path: '/api/qbo/income-accounts',
    group: 'qbo-items',
    access: signedIn(STAFF_ROLES),
    preload: QBO,
  },

  // Setup and the code step answer while the gate holds; changing an enrolled MFA needs a verified session.
  { method: 'POST', path: '/api/mfa/setup', group: 'mfa-setup', access: signedIn(EVERYONE, 'exempt') },
  { method: 'DELETE', path: '/api/mfa', group: 'mfa-setup', access: signedIn(EVERYONE) },
  { method: 'POST', path: '/api/mfa/recovery-codes', group: 'mfa-setup', access: signedIn(EVERYONE) },
  { method: 'POST', path: '/api/users/{id}/mfa/reset', group: 'mfa-setup', access: signedIn(ADMINS) },
  { method: 'POST', path: '/api/mfa/verify', group: 'mfa-verify', access: signedIn(EVERYONE, 'exempt') },
  {
    method: 'POST',
    path: '/api/mfa/passkey-options',
    group: 'mfa-verify',
    access: signedIn(EVERYONE, 'exempt'),
  },
  // Passkeys (Settings → Security): adding one is setting MFA up, so it answers while setup is required.
  { method: 'GET', path: '/api/passkeys', group: 'passkeys', access: signedIn(EVERYONE, 'enrol') },
  {
    method: 'POST',
    path: '/api/passkeys/registration-options',
    group: 'passkeys',
    access: signedIn(EVERYONE, 'enrol'),
  },
  { method: 'POST', path: '/api/passkeys', group: 'passkeys', access: signedIn(EVERYONE, 'enrol') },
  { method: 'DELETE', path: '/api/passkeys/{id}', group: 'passkeys', access: signedIn(EVERYONE) },
  // Stored invoice snapshots across issues, and how money comes back: no QuickBooks call.
  { method: 'GET', path: '/api/invoices', group: 'invoices', access: signedIn(STAFF_ROLES) },
  { method: 'GET', path: '/api/qbo/sync-status', group: 'invoices', access: signedIn(ADMINS) },
  // Sync health: what Deskbooks has synced per company, and every failed sync with Retry and Dismiss.
  { method: 'GET', path: '/api/qbo/sync-health', group: 'sync-health', access: signedIn(STAFF_ROLES) },
  { method: 'GET', path: '/api/qbo/sync-failures', group: 'sync-health', access: signedIn(STAFF_ROLES) },
  {
    method: 'POST',
    path: '/api/qbo/sync-failures/{id}/retry',
    group: 'sync-health',
    access: signedIn(STAFF_ROLES),
    preload: QBO,
  },
  {
    method: 'DELETE',
    path: '/api/qbo/sync-failures/{id}',
    group: 'sync-health',
    access: signedIn(STAFF_ROLES),
  },
  // Bulk sync (admins): a job runs in the background; its page polls it.
  { method: 'POST', path: '/api/jobs', group: 'jobs', access: signedIn(ADMINS), preload: QBO },
  { method: 'GET', path: '/api/jobs', group: 'jobs', access: signedIn(ADMINS) },
  { method: 'GET', path: '/api/jobs/{id}', group: 'jobs', access: signedIn(ADMINS) },
  { method: 'POST', path: '/api/jobs/{id}/cancel', group: 'jobs', access: signedIn(ADMINS) },
  // This API's OpenAPI document (docs/openapi.json, written by `npm run openapi`).
  { method: 'GET', path: '/api/openapi.json', group: 'openapi', access: PUBLIC },
  // Intuit's webhook deliveries: public, each checked by its signature.
  { method: 'POST', path: '/api/qbo/webhooks', group: 'qbo-webhooks', access: PUBLIC, body: 'raw' },
] as const satisfies readonly RouteDefinition[];

type RouteOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;
/** `METHOD /path` of each route in the table (each pair that is there, not every method with every path). */
export type RouteKey = RouteOf<(typeof ROUTES)[number]>;
export const routeKeyOf = (route: Pick<RouteDefinition, 'method' | 'path'>) =>
  `${route.method} ${route.path}`;

export const ROUTE_GROUPS = [...new Set(ROUTES.map((route) => route.group))] as RouteGroup[];

export const routesOfGroup = (group: RouteGroup): RouteDefinition[] =>
  ROUTES.filter((route) => route.group === group);

const routesByKey = new Map<string, RouteDefinition>(ROUTES.map((route) => [routeKeyOf(route), route]));
export const findRoute = (routeKey: string): RouteDefinition | undefined => routesByKey.get(routeKey);
