import type { EmulatorContext } from '../context';
import { emptyReply, headerValue, type Incoming, jsonReply, parseJsonObject, type Reply } from '../http';
import { authenticateClient } from './client-auth';
import type { IssuedTokens } from './grants';
import { buildIdToken } from './openid';

const NO_STORE = { 'cache-control': 'no-cache, no-store', pragma: 'no-cache' };

const oauthError = (status: number, error: string, description?: string) =>
  jsonReply(status, description ? { error, error_description: description } : { error }, NO_STORE);

const tokenResponse = (ctx: EmulatorContext, incoming: Incoming, issued: IssuedTokens): Reply => {
  const body: Record<string, unknown> = {
    token_type: 'bearer',
    access_token: issued.accessToken,
    expires_in: issued.accessExpiresIn,
    refresh_token: issued.refreshToken,
    x_refresh_token_expires_in: issued.refreshExpiresIn,
  };
  if (issued.grant.scopes.includes('openid')) body.id_token = buildIdToken(ctx, issued.grant);
  if (headerValue(incoming.headers, 'x-include-refresh-token-hard-expires-in') === 'true')
    body.x_refresh_token_hard_expires_in = issued.hardExpiresIn;
  return jsonReply(200, body, NO_STORE);
};

const exchangeCode = (ctx: EmulatorContext, incoming: Incoming, form: URLSearchParams): Reply => {
  const code = form.get('code');
  const redirectUri = form.get('redirect_uri');
  if (!code || !redirectUri) return oauthError(400, 'invalid_request');
  const issued = ctx.grants.redeemCode(code, ctx.app.clientId, redirectUri, ctx.clock.now(), ctx.settings);
  return issued ? tokenResponse(ctx, incoming, issued) : oauthError(400, 'invalid_grant', 'Token invalid');
};

const refreshTokens = (ctx: EmulatorContext, incoming: Incoming, form: URLSearchParams): Reply => {
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return oauthError(400, 'invalid_request');
  const issued = ctx.grants.refresh(refreshToken, ctx.app.clientId, ctx.clock.now(), ctx.settings);
  return issued
    ? tokenResponse(ctx, incoming, issued)
    : oauthError(400, 'invalid_grant', 'Incorrect or invalid refresh token');
};

export const handleTokenRequest = (ctx: EmulatorContext, incoming: Incoming): Reply => {
  const form = new URLSearchParams(incoming.body);
  if (!authenticateClient(ctx, incoming, form)) return oauthError(401, 'invalid_client');
  const contentType = headerValue(incoming.headers, 'content-type') ?? '';
  if (!contentType.startsWith('application/x-www-form-urlencoded')) return oauthError(400, 'invalid_request');
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') return exchangeCode(ctx, incoming, form);
  if (grantType === 'refresh_token') return refreshTokens(ctx, incoming, form);
  return oauthError(400, 'unsupported_grant_type');
};

const tokenToRevoke = (incoming: Incoming): string | undefined => {
  const json = parseJsonObject(incoming.body);
  const token = json ? json.token : new URLSearchParams(incoming.body).get('token');
  return typeof token === 'string' && token !== '' ? token : undefined;
};

// Revoking either token ends the whole grant; failures answer 400 with an empty body, like Intuit.
export const handleRevokeRequest = (ctx: EmulatorContext, incoming: Incoming): Reply => {
  if (!authenticateClient(ctx, incoming)) return oauthError(401, 'invalid_client');
  const token = tokenToRevoke(incoming);
  if (!token || !ctx.grants.revokeToken(token, ctx.app.clientId))
    return { ...emptyReply(400), headers: NO_STORE };
  return { ...emptyReply(200), headers: NO_STORE };
};
