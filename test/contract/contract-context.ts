import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createSession } from '../../shared/auth/session-repository';
import { SESSION_COOKIE } from '../../shared/http/cookies';
import { OPENAPI_FILE } from '../../shared/openapi/document-file';
import { ROUTES, type RouteKey, routeKeyOf } from '../../shared/routes';
import { ROLES, type Role } from '../../shared/users/role';
import type { User } from '../../shared/users/user';
import type { TestApp, TestClient, TestResponse } from '../support/app-harness';
import { aUser, TEST_PASSWORD } from '../support/builders';
import type { ContractProxy } from '../support/contract-proxy';
import { connectQbo } from '../support/qbo-connect';

/** What Prism found wrong with one exchange, as its `sl-violations` header says. */
export type Violation = { location: string[]; severity: string; message: string };

/** One request through the proxy and its answer. */
export type Exchange = {
  routeKey: RouteKey | undefined;
  method: string;
  url: string;
  status: number;
  violations: Violation[];
  body: unknown;
  /** False for the requests Prism cannot carry (a redirect, a body that is not JSON): checked here only. */
  viaPrism: boolean;
};

/** What an area's cases get: the app, and clients whose every request goes through Prism. */
export type ContractContext = {
  app: TestApp;
  /** One user per role, signed in (MFA passed where it applies); staff and admin connected to QuickBooks. */
  users: Record<Role, User>;
  /** The role's user's client, through Prism. */
  as: (role: Role) => TestClient;
  /** No session, through Prism. */
  anonymous: () => TestClient;
  /**
   * The role's session (or none), sent to API Gateway's own endpoint around the site, through a Prism
   * of its own: every route must refuse it with 403 origin_refused.
   */
  aroundTheSite: (role?: Role) => TestClient;
  /** A new session of its own for `user` (as signing in makes it, without the slow hash): through Prism. */
  sessionOf: (user: User) => Promise<TestClient>;
  /** Signs in through the API (POST /api/session through Prism). */
  signIn: (user: Pick<User, 'email'>, password?: string) => Promise<TestClient>;
};

/** A group of operations and the cases that exercise each with a success and an error answer. */
export type ContractArea = {
  name: string;
  routes: readonly RouteKey[];
  cases: (context: () => ContractContext) => void;
};

// Literal routes first, so `/api/sessions` is not read as `/api/sessions/{id}`'s sibling template.
const MATCHERS = [...ROUTES]
  .sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))
  .map((route) => ({
    key: routeKeyOf(route) as RouteKey,
    method: route.method,
    pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
  }));

export const routeKeyOfRequest = (method: string, url: string): RouteKey | undefined => {
  const path = new URL(url, 'http://x').pathname;
  return MATCHERS.find((matcher) => matcher.method === method && matcher.pattern.test(path))?.key;
};

const violationsOf = (headers: Headers): Violation[] => {
  const header = headers.get('sl-violations');
  return header ? (JSON.parse(header) as Violation[]) : [];
};

export type ExchangeLog = ReturnType<typeof exchangeLog>;

export const exchangeLog = () => {
  const exchanges: Exchange[] = [];
  let checked = 0;
  return {
    exchanges,
    record: (exchange: Exchange) => void exchanges.push(exchange),
    /**
     * The exchanges since the last check break the document nowhere: no response Prism finds wrong, no
     * request to a path the document lacks, and no success for a request Prism finds invalid (the
     * document would then refuse what the app takes).
     */
    expectContractKept: () => {
      const fresh = exchanges.slice(checked);
      checked = exchanges.length;
      const broken = fresh.flatMap((exchange) => {
        const problems = exchange.violations.filter(
          (violation) =>
            violation.location[0] === 'response' ||
            violation.message === 'Selected route not found' ||
            (exchange.status < 300 && violation.severity === 'Error'),
        );
        return problems.length
          ? [
              {
                request: `${exchange.method} ${exchange.url} → ${exchange.status}`,
                problems: problems.map((problem) => `${problem.location.join('.')}: ${problem.message}`),
                body: exchange.body,
              },
            ]
          : [];
      });
      expect(broken, 'exchanges that break docs/openapi.json').toEqual([]);
    },
    /**
     * Each route answered at least once with a success (2xx or 3xx) and once with an error (4xx). The
     * error is one the site lets through: 403 origin_refused counts only for a route that documents no
     * other 4xx (a public one without input).
     */
    expectCovered: (routes: readonly RouteKey[]) => {
      const missing = routes.flatMap((route) => {
        const answers = exchanges.filter((exchange) => exchange.routeKey === route);
        const onlyOriginRefused = documentedErrorCodes(route).every((code) => code === 'origin_refused');
        const isError = ({ status, body }: Exchange) =>
          status >= 400 &&
          status < 500 &&
          (onlyOriginRefused || (body as ErrorBody | undefined)?.error?.code !== 'origin_refused');
        return [
          ...(answers.some((answer) => answer.status < 400) ? [] : [`${route}: no success`]),
          ...(answers.some(isError) ? [] : [`${route}: no error`]),
        ];
      });
      expect(missing).toEqual([]);
    },
  };
};

type ErrorBody = { error?: { code?: string } };
type DocumentedResponse = {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<
    string,
    { schema?: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } }
  >;
};
type DocumentedResponses = Record<string, DocumentedResponse>;
const documentedResponses = (() => {
  const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as {
    paths: Record<string, Record<string, { responses: DocumentedResponses }>>;
  };
  return (routeKey: RouteKey): DocumentedResponses | undefined => {
    const [method = '', path = ''] = routeKey.split(' ');
    return document.paths[path]?.[method.toLowerCase()]?.responses;
  };
})();

/** The error codes the document says a route can answer with a 4xx. */
const documentedErrorCodes = (routeKey: RouteKey) =>
  Object.entries(documentedResponses(routeKey) ?? {})
    .filter(([status]) => status.startsWith('4'))
    .flatMap(
      ([, response]) =>
        response.content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum ?? [],
    );

/** What the document says of an answer's status and headers, which Prism does not check for a redirect. */
const statusViolations = (routeKey: RouteKey | undefined, response: TestResponse): Violation[] => {
  if (!routeKey) return [];
  const documented = documentedResponses(routeKey)?.[String(response.status)];
  if (!documented)
    return [
      {
        location: ['response', 'status'],
        severity: 'Error',
        message: `${response.status} is not documented`,
      },
    ];
  return Object.entries(documented.headers ?? {})
    .filter(([name, header]) => header.required && !response.headers.has(name))
    .map(([name]) => ({ location: ['response', 'headers', name], severity: 'Error', message: 'missing' }));
};

// Prism forwards with node-fetch, which follows redirects: through it, a route that answers 302 would
// come back as the page it points to. These go straight to the app, and their answers are checked here.
const REDIRECTING = new Set<RouteKey>(['GET /api/qbo/connect', 'GET /api/qbo/callback']);

// Prism 5 never answers a request whose body is not JSON, nor one whose JSON is falsy (`null`, `false`,
// `0`, `""`: it forwards the length without the body, and both ends wait): those go straight to the app.
const prismCannotCarry = (body: unknown) => {
  if (body === undefined || body === '') return false;
  if (typeof body !== 'string') return !body;
  try {
    return !JSON.parse(body);
  } catch {
    return true;
  }
};

/** Prism in front of where requests go: the site's gateway, or API Gateway's own endpoint. */
type ProxiedUpstream = { proxy: ContractProxy; upstream: string };

/**
 * A client of `upstream` whose requests go through its proxy (a redirecting route's straight to the
 * upstream) and land in the log.
 */
const recordingClient = (
  { proxy, upstream }: ProxiedUpstream,
  app: TestApp,
  log: ExchangeLog,
  cookie?: string,
) => {
  const inner = app.client(cookie, proxy.url);
  const direct = app.client(cookie, upstream);
  const client: TestClient = {
    get cookie() {
      return inner.cookie;
    },
    set cookie(value) {
      inner.cookie = value;
      direct.cookie = value;
    },
    async request(method, path, body, headers) {
      const routeKey = routeKeyOfRequest(method, path);
      const bypassesPrism = (routeKey && REDIRECTING.has(routeKey)) || prismCannotCarry(body);
      const response = await (bypassesPrism ? direct : inner).request(method, path, body, headers);
      log.record({
        routeKey,
        method,
        url: path,
        status: response.status,
        violations: [...violationsOf(response.headers), ...statusViolations(routeKey, response)],
        body: response.body,
        viaPrism: !bypassesPrism,
      });
      return response;
    },
  };
  return client;
};

export const startContractContext = async (
  app: TestApp,
  proxies: { site: ContractProxy; aroundTheSite?: ProxiedUpstream },
  log: ExchangeLog,
): Promise<ContractContext> => {
  const site = { proxy: proxies.site, upstream: app.baseUrl };
  const sessionOf = async (user: User) => {
    const { token } = await createSession(app.runtime.table, {
      userId: user.id,
      mfaVerified: true,
      client: { address: '127.0.0.1', userAgent: 'contract' },
      now: app.runtime.now(),
    });
    return recordingClient(site, app, log, `${SESSION_COOKIE}=${token}`);
  };
  const users = {} as Record<Role, User>;
  const clients = new Map<Role, TestClient>();
  for (const role of ROLES) {
    users[role] = await aUser(app, { role, enabled: true, password: TEST_PASSWORD });
    clients.set(role, await sessionOf(users[role]));
  }
  const as = (role: Role) => clients.get(role) ?? (undefined as never);
  for (const role of ['staff', 'admin'] as const) {
    const flow = await connectQbo(app, as(role));
    if (!flow.location.includes('qbo=connected')) throw new Error(`QuickBooks connect failed for ${role}`);
  }
  return {
    app,
    users,
    as,
    anonymous: () => recordingClient(site, app, log),
    aroundTheSite: (role) => {
      if (!proxies.aroundTheSite) throw new Error('start the context with a proxy around the site');
      return recordingClient(proxies.aroundTheSite, app, log, role && as(role).cookie);
    },
    sessionOf,
    signIn: async (user, password = TEST_PASSWORD) => {
      const client = recordingClient(site, app, log);
      const response = await client.request('POST', '/api/session', { email: user.email, password });
      if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
      client.cookie = response.cookies.map((cookie) => cookie.split(';')[0]).join('; ');
      return client;
    },
  };
};
