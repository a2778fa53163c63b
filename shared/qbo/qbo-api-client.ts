import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from '../errors';
import type { TimeBudget } from '../platform/time-budget';
import { type IntuitEndpoints, intuitEndpoints } from './intuit-endpoints';
import { assertUsableConnection, getAccessToken, type QboTokenDeps } from './qbo-access-token';
import type { QboConnection } from './qbo-connection';
import {
  type QboFault,
  QboFaultError,
  QboNotConnectedError,
  QboThrottledError,
  QboUnavailableError,
} from './qbo-errors';

/** Intuit's requestid allows 50 characters: a hash keeps a meaningful seed within that. */
export const requestIdFor = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 40);

export type QboApiDeps = QboTokenDeps & {
  endpointsFor: (environment: QboConnection['environment']) => IntuitEndpoints;
  fetch?: typeof fetch;
};

export type QboRequest = {
  method: 'GET' | 'POST';
  /** Path under /v3/company/{realmId}, e.g. `/customer` or `/invoice/130`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /**
   * Intuit's idempotency key for writes: a repeat replays the first answer instead of doing it twice.
   * Retries of one call always reuse it; give a stable one to make a logical operation idempotent.
   */
  requestId?: string;
  /** What the call answers with, when not JSON (an invoice's PDF). */
  accept?: string;
  /** The body's type, when not JSON: Intuit wants `application/octet-stream` on an empty send. */
  contentType?: string;
};

/** An open line to the viewer's QBO company: requests carry a valid token, retries and fault mapping. */
export type QboSession = {
  realmId: string;
  companyName: string;
  endpoints: IntuitEndpoints;
  request<T = Record<string, unknown>>(request: QboRequest): Promise<T>;
  /** A call whose answer is a file (an invoice's PDF), as bytes. */
  requestBytes(request: QboRequest): Promise<Uint8Array>;
  query<T = Record<string, unknown>>(statement: string): Promise<T>;
};

// Intuit retired minor versions below 75 on 1 Aug 2025 (qbo-reference §2.2).
const MINOR_VERSION = '75';
const MAX_ATTEMPTS = 4;
// One attempt never takes more than this, nor more than the request's budget has left.
const ATTEMPT_TIMEOUT_MS = 8_000;
// Retrying is worth it only if an attempt still has this long after the wait.
const MIN_ATTEMPT_MS = 500;
const MAX_WAIT_MS = 5_000;
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoffMs = (attempt: number) => Math.min(2_000, 200 * 2 ** attempt) + Math.random() * 100;

const retryAfterMs = (response: Response): number | undefined => {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(header) - Date.now());
};

type RawFault = {
  Message?: string;
  message?: string;
  Detail?: string;
  detail?: string;
  code?: string;
  element?: string;
};

/** Reads both of Intuit's fault shapes: PascalCase `Fault` (validation) and lowercase `fault` (gateway). */
export const readFaults = (body: unknown): QboFault[] => {
  const envelope = (body ?? {}) as { Fault?: { Error?: RawFault[] }; fault?: { error?: RawFault[] } };
  const errors = envelope.Fault?.Error ?? envelope.fault?.error ?? [];
  return errors.map((error) => ({
    code: String(error.code ?? ''),
    message: error.Message ?? error.message ?? '',
    detail: error.Detail ?? error.detail ?? undefined,
    element: error.element || undefined,
  }));
};

const parseBody = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { text };
  }
};

type Requester = {
  endpoints: IntuitEndpoints;
  realmId: string;
  token: (force: boolean) => Promise<string>;
  doFetch: typeof fetch;
  budget: TimeBudget;
};

const canRetryAfter = (requester: Requester, attempt: number, waitMs: number) =>
  attempt + 1 < MAX_ATTEMPTS &&
  waitMs <= MAX_WAIT_MS &&
  requester.budget.remainingMs() - waitMs >= MIN_ATTEMPT_MS;

const attemptSignal = (budget: TimeBudget) =>
  AbortSignal.any([
    budget.signal,
    AbortSignal.timeout(Math.max(1, Math.min(ATTEMPT_TIMEOUT_MS, budget.remainingMs()))),
  ]);

/** One QBO v3 call with minorversion, requestid, a timeout, retries with backoff, and faults mapped. */
const sendQboRequest = async <T>(
  requester: Requester,
  call: QboRequest,
  readAnswer: (response: Response) => Promise<unknown> = parseBody,
): Promise<T> => {
  const url = new URL(`${requester.endpoints.apiBaseUrl}/v3/company/${requester.realmId}${call.path}`);
  url.searchParams.set('minorversion', MINOR_VERSION);
  for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
  if (call.method === 'POST') url.searchParams.set('requestid', call.requestId ?? randomUUID());
  let refreshedAfter401 = false;
  for (let attempt = 0; ; attempt += 1) {
    let response: Response;
    try {
      response = await requester.doFetch(url, {
        method: call.method,
        headers: {
          authorization: `Bearer ${await requester.token(false)}`,
          accept: call.accept ?? 'application/json',
          ...(call.contentType
            ? { 'content-type': call.contentType }
            : call.body === undefined
              ? {}
              : { 'content-type': 'application/json' }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: attemptSignal(requester.budget),
      });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const wait = backoffMs(attempt);
      if (canRetryAfter(requester, attempt, wait)) {
        await sleep(wait);
        continue;
      }
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new QboUnavailableError(timedOut ? 'timed out' : 'no answer');
    }
    const intuitTid = response.headers.get('intuit_tid') ?? undefined;
    if (response.ok) return (await readAnswer(response)) as T;
    if (response.status === 401 && !refreshedAfter401) {
      refreshedAfter401 = true;
      await response.body?.cancel();
      await requester.token(true);
      continue;
    }
    if (RETRYABLE.has(response.status)) {
      const wait = retryAfterMs(response) ?? backoffMs(attempt);
      await response.body?.cancel();
      if (canRetryAfter(requester, attempt, wait)) {
        await sleep(wait);
        continue;
      }
      const retryAfterSeconds = Math.max(1, Math.ceil(wait / 1000));
      if (response.status === 429) throw new QboThrottledError(retryAfterSeconds, intuitTid);
      throw new QboUnavailableError(`HTTP ${response.status}`, intuitTid, retryAfterSeconds);
    }
    if (response.status === 401) {
      throw new QboNotConnectedError('needs_reconnect', 'QuickBooks no longer accepts the sign-in');
    }
    throw new QboFaultError(response.status, readFaults(await parseBody(response)), intuitTid);
  }
};

const toSession = (requester: Requester, companyName: string): QboSession => ({
  realmId: requester.realmId,
  companyName,
  endpoints: requester.endpoints,
  request: (call) => sendQboRequest(requester, call),
  requestBytes: (call) =>
    sendQboRequest(requester, call, async (response) => new Uint8Array(await response.arrayBuffer())),
  query: (statement) =>
    sendQboRequest(requester, { method: 'GET', path: '/query', query: { query: statement } }),
});

/**
 * A session on the viewer's connection (as the sign-in gate read it), for one request: tokens are
 * renewed as needed (single-flight), and every call fits in the request's time budget.
 */
export const qboSessionFor = (
  deps: QboApiDeps,
  stored: QboConnection | undefined,
  budget: TimeBudget,
): QboSession => {
  let connection = assertUsableConnection(stored);
  let accessToken: string | undefined;
  const token = async (force: boolean) => {
    if (accessToken && !force) return accessToken;
    const result = await getAccessToken(deps, connection, { force, budget });
    connection = result.connection;
    accessToken = result.accessToken;
    return accessToken;
  };
  const requester = {
    endpoints: deps.endpointsFor(connection.environment),
    realmId: connection.realmId,
    token,
    doFetch: deps.fetch ?? fetch,
    budget,
  };
  return toSession(requester, connection.companyName);
};

/** A session on a token just issued by Intuit (before a connection is stored). */
export const qboSessionWithToken = (
  deps: Pick<QboApiDeps, 'fetch'>,
  input: { endpoints: IntuitEndpoints; realmId: string; accessToken: string; budget: TimeBudget },
): QboSession =>
  toSession(
    {
      endpoints: input.endpoints,
      realmId: input.realmId,
      token: async () => input.accessToken,
      doFetch: deps.fetch ?? fetch,
      budget: input.budget,
    },
    '',
  );

export const endpointsForConfig =
  (config: Parameters<typeof intuitEndpoints>[0]) => (environment: QboConnection['environment']) =>
    intuitEndpoints(config, environment);
