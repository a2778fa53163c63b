import type { TokenCipher } from '../crypto/token-cipher';
import type { Table } from '../db/table';
import type { Logger } from '../platform/logger';
import type { TimeBudget } from '../platform/time-budget';
import type { IntuitEndpoints, IntuitEnvironment } from './intuit-endpoints';
import type { IntuitOAuth, IntuitTokens } from './intuit-oauth-client';
import { consumeOAuthState } from './oauth-state-repository';
import { sealTokens } from './qbo-access-token';
import { qboSessionWithToken } from './qbo-api-client';
import { putQboConnection } from './qbo-connection-repository';
import { registerRealm } from './realm-registry';
import { DEFAULT_RETURN_TO, withQueryParam } from './return-to';

export type CompleteQboConnectDeps = {
  table: Table;
  now: () => Date;
  log: Logger;
  cipher: TokenCipher;
  oauth: IntuitOAuth;
  environment: IntuitEnvironment;
  endpointsFor: (environment: IntuitEnvironment) => IntuitEndpoints;
  fetch?: typeof fetch;
};

export type CallbackQuery = { code?: string; state?: string; realmId?: string; error?: string };

/** Why a connection attempt ended without a connection; the web app words each for the user. */
export type ConnectFailure = 'state' | 'denied' | 'exchange' | 'company';

const failed = (returnTo: string, why: ConnectFailure) => ({
  location: withQueryParam(returnTo, 'qboError', why),
});

/**
 * Finishes Intuit's OAuth flow: the state must be this session's and unused; then the code becomes
 * tokens, CompanyInfo names the company, and the connection is stored with its tokens sealed.
 * Every failure stores nothing and sends the user back with a reason.
 */
export const completeQboConnect = async (
  deps: CompleteQboConnectDeps,
  input: {
    userId: string;
    sessionHash: string;
    callbackUrl: string;
    query: CallbackQuery;
    budget: TimeBudget;
  },
): Promise<{ location: string }> => {
  const state = input.query.state ? await consumeOAuthState(deps.table, input.query.state) : undefined;
  const now = deps.now();
  if (
    !state ||
    state.userId !== input.userId ||
    state.sessionHash !== input.sessionHash ||
    Date.parse(state.expiresAt) <= now.getTime()
  ) {
    return failed(DEFAULT_RETURN_TO, 'state');
  }
  if (input.query.error || !input.query.code || !input.query.realmId) return failed(state.returnTo, 'denied');

  let tokens: IntuitTokens;
  try {
    tokens = await deps.oauth.exchangeCode(input.callbackUrl, input.budget);
  } catch (error) {
    deps.log.warn('QBO code exchange failed', { error: (error as Error).message });
    return failed(state.returnTo, 'exchange');
  }
  const realmId = input.query.realmId;
  const endpoints = deps.endpointsFor(deps.environment);
  let companyName: string;
  try {
    companyName = await readCompanyName(deps, {
      endpoints,
      realmId,
      accessToken: tokens.accessToken,
      budget: input.budget,
    });
  } catch (error) {
    deps.log.warn('QBO CompanyInfo read failed', { error: (error as Error).message });
    return failed(state.returnTo, 'company');
  }
  await putQboConnection(deps.table, {
    userId: input.userId,
    realmId,
    companyName,
    environment: deps.environment,
    ...sealTokens(deps.cipher, tokens, now),
    connectedAt: now.toISOString(),
    version: 1,
  });
  await registerRealm(deps.table, { realmId, companyName });
  return { location: withQueryParam(state.returnTo, 'qbo', 'connected') };
};

const readCompanyName = async (
  deps: CompleteQboConnectDeps,
  input: { endpoints: IntuitEndpoints; realmId: string; accessToken: string; budget: TimeBudget },
) => {
  const session = qboSessionWithToken(deps, input);
  const body = await session.request<{ CompanyInfo?: { CompanyName?: string } }>({
    method: 'GET',
    path: `/companyinfo/${input.realmId}`,
  });
  return body.CompanyInfo?.CompanyName ?? `Company ${input.realmId}`;
};
