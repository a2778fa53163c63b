import OAuthClient from 'intuit-oauth';
import type { IntuitEndpoints, IntuitEnvironment } from './intuit-endpoints';

// The only module that imports intuit-oauth: it adds ~500 KB to a bundle, and its URLs are
// process-wide statics that must be set once from configuration.

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
  authorizeUrl(state: string): string;
  /** Exchanges the code from Intuit's redirect (the full callback URL) for tokens. */
  exchangeCode(callbackUrl: string): Promise<IntuitTokens>;
  refresh(refreshToken: string): Promise<IntuitTokens>;
  revoke(refreshToken: string): Promise<void>;
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
  const newClient = () => {
    const client = new OAuthClient({
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
  const call = async <T>(run: (client: OAuthClient) => Promise<T>): Promise<T> => {
    try {
      return await run(newClient());
    } catch (failure) {
      throw toIntuitError(failure);
    }
  };
  return {
    authorizeUrl: (state) => newClient().authorizeUri({ scope: [ACCOUNTING_SCOPE], state }),
    exchangeCode: (callbackUrl) =>
      call(async (client) => toTokens((await client.createToken(callbackUrl)).json ?? {})),
    refresh: (refreshToken) =>
      call(async (client) => toTokens((await client.refreshUsingToken(refreshToken)).json ?? {})),
    revoke: (refreshToken) =>
      call(async (client) => {
        await client.revoke({ refresh_token: refreshToken });
      }),
  };
};
