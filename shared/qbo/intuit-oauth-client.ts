import type OAuthClient from 'intuit-oauth';
import type { TimeBudget } from '../platform/time-budget';
import type { IntuitEndpoints, IntuitEnvironment } from './intuit-endpoints';

// The only module that loads intuit-oauth. It is ~500 KB (axios, winston) that most requests never
// need (a valid access token is enough for the v3 API), so it is imported on the first call that talks
// to Intuit's OAuth endpoints and the bundle keeps it in a chunk of its own.
let loadingOAuthClient: Promise<typeof OAuthClient> | undefined;
const loadOAuthClient = () => {
  loadingOAuthClient ??= import('intuit-oauth').then((module) => module.default);
  return loadingOAuthClient;
};

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

export type IntuitTokens = {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives (Intuit: 3600). */
  expiresIn: number;
  /** Seconds the refresh token has left (Intuit: up to ~100 days, rolling). */
  refreshExpiresIn: number;
};

export type IntuitOAuth = {
  authorizeUrl(state: string): Promise<string>;
  /** Exchanges the code from Intuit's redirect (the full callback URL) for tokens. */
  exchangeCode(callbackUrl: string, budget: TimeBudget): Promise<IntuitTokens>;
  refresh(refreshToken: string, budget: TimeBudget): Promise<IntuitTokens>;
  revoke(refreshToken: string, budget: TimeBudget): Promise<void>;
};

/** Intuit refused the grant: the code or refresh token is used, expired, revoked or unknown. */
export class IntuitGrantError extends Error {
  constructor(
    readonly oauthError: string,
    readonly description: string,
    readonly intuitTid?: string,
  ) {
    super(`${oauthError}${description ? `: ${description}` : ''}`);
    this.name = 'IntuitGrantError';
  }
}

type IntuitFailure = {
  error?: string;
  error_description?: string;
  intuit_tid?: string;
  authResponse?: { json?: { error?: string; error_description?: string } | null; body?: string };
  message?: string;
};

/** intuit-oauth rejects with several error shapes; find Intuit's OAuth error code in any of them. */
const toIntuitError = (failure: unknown): Error => {
  const error = (failure ?? {}) as IntuitFailure;
  const json = error.authResponse?.json;
  const code = json?.error ?? error.error ?? '';
  if (code === 'invalid_grant' || code === 'invalid_client' || code === 'invalid_request') {
    return new IntuitGrantError(
      code,
      json?.error_description ?? error.error_description ?? '',
      error.intuit_tid,
    );
  }
  return new Error(`Intuit OAuth request failed: ${error.message || code || 'unknown error'}`);
};

type AxiosRequest = Record<string, unknown>;
type WithLoadResponse = { loadResponse(request: AxiosRequest): Promise<unknown> };

// intuit-oauth sends its token calls through axios with no timeout: each request this client sends
// gets the request's budget as axios's timeout and abort signal.
const clientWithin = (client: OAuthClient, budget: TimeBudget): OAuthClient => {
  const target = client as unknown as WithLoadResponse;
  const send = target.loadResponse.bind(client);
  target.loadResponse = (request) =>
    send({ ...request, timeout: Math.max(1, budget.remainingMs()), signal: budget.signal });
  return client;
};

// intuit-oauth waits 1, 2 and 4 s between its own retries: the request stops waiting when its budget ends.
const withinBudget = <T>(budget: TimeBudget, work: Promise<T>): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_resolve, reject) => {
      const stop = () => reject({ message: 'timed out' });
      if (budget.signal.aborted) stop();
      else budget.signal.addEventListener('abort', stop, { once: true });
    }),
  ]);

const toTokens = (json: Record<string, unknown>): IntuitTokens => ({
  accessToken: String(json.access_token ?? ''),
  refreshToken: String(json.refresh_token ?? ''),
  expiresIn: Number(json.expires_in ?? 3600),
  refreshExpiresIn: Number(json.x_refresh_token_expires_in ?? 8_726_400),
});

export const createIntuitOAuth = (options: {
  clientId: string;
  clientSecret: string;
  environment: IntuitEnvironment;
  redirectUri: string;
  endpoints: IntuitEndpoints;
}): IntuitOAuth => {
  const newClient = async () => {
    const IntuitOAuthClient = await loadOAuthClient();
    const client = new IntuitOAuthClient({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      environment: options.environment,
      redirectUri: options.redirectUri,
      logging: false,
    });
    client.setAuthorizeURLs({
      authorizeEndpoint: options.endpoints.authorizeEndpoint,
      tokenEndpoint: options.endpoints.tokenEndpoint,
      revokeEndpoint: options.endpoints.revokeEndpoint,
      userInfoEndpoint: options.endpoints.userInfoEndpoint,
    });
    return client;
  };
  // A client holds the token of its last call, so each call gets its own: concurrent requests never share one.
  const call = async <T>(budget: TimeBudget, run: (client: OAuthClient) => Promise<T>): Promise<T> => {
    try {
      return await withinBudget(
        budget,
        newClient().then((client) => run(clientWithin(client, budget))),
      );
    } catch (failure) {
      throw toIntuitError(failure);
    }
  };
  return {
    authorizeUrl: async (state) => (await newClient()).authorizeUri({ scope: [ACCOUNTING_SCOPE], state }),
    exchangeCode: (callbackUrl, budget) =>
      call(budget, async (client) => toTokens((await client.createToken(callbackUrl)).json ?? {})),
    refresh: (refreshToken, budget) =>
      call(budget, async (client) => toTokens((await client.refreshUsingToken(refreshToken)).json ?? {})),
    revoke: (refreshToken, budget) =>
      call(budget, async (client) => {
        await client.revoke({ refresh_token: refreshToken });
      }),
  };
};
