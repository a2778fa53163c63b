import OAuthClient from 'intuit-oauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../local/qbo-emulator';
import {
  ACCOUNTING_SCOPE,
  answerConsent,
  authorizeUrl,
  connectCompany,
  gatewayFaultOf,
  postTokenForm,
  qboApi,
  revokeToken,
  startTestQboEmulator,
} from '../../support/qbo-emulator';

let emulator: QboEmulator;

const oauthClient = () => {
  const client = new OAuthClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    environment: 'sandbox',
    redirectUri: emulator.redirectUris[0] ?? '',
    logging: false,
  });
  client.setAuthorizeURLs({
    authorizeEndpoint: emulator.endpoints.authorizeEndpoint,
    tokenEndpoint: emulator.endpoints.tokenEndpoint,
    revokeEndpoint: emulator.endpoints.revokeEndpoint,
    userInfoEndpoint: emulator.endpoints.userInfoEndpoint,
  });
  OAuthClient.jwks_uri = emulator.endpoints.jwksUri;
  return client;
};

const connectWithIntuitOAuth = async (scope: string[] = [ACCOUNTING_SCOPE]) => {
  const client = oauthClient();
  const callback = await answerConsent(emulator, client.authorizeUri({ scope, state: 'csrf-state' }));
  await client.createToken(callback.toString());
  return { client, callback };
};

beforeAll(async () => {
  emulator = await startTestQboEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(() => {
  emulator.reset();
});

describe('consent page', () => {
  it('names the app and offers the sandbox companies with Connect and Cancel', async () => {
    const response = await fetch(authorizeUrl(emulator));
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('Connect Deskbooks to QuickBooks');
    expect(html).toContain('Sandbox Company US 1');
    expect(html).toContain('<option value="9341450000000001">');
    expect(html).toMatch(/<button[^>]*value="allow"[^>]*>Connect<\/button>/);
    expect(html).toMatch(/<button[^>]*value="deny"[^>]*>Cancel<\/button>/);
  });

  it('redirects back with code, state and realmId after Connect', async () => {
    const callback = await answerConsent(emulator, authorizeUrl(emulator, { state: 'xyz' }));

    expect(`${callback.origin}${callback.pathname}`).toBe('http://localhost:3000/api/qbo/callback');
    expect(callback.searchParams.get('state')).toBe('xyz');
    expect(callback.searchParams.get('realmId')).toBe('9341450000000001');
    expect(callback.searchParams.get('code')?.length).toBeGreaterThan(20);
  });

  it('connects the company picked on the consent page', async () => {
    const callback = await answerConsent(emulator, authorizeUrl(emulator), 'allow', '9341450000000002');

    expect(callback.searchParams.get('realmId')).toBe('9341450000000002');
  });

  it('redirects with error=access_denied and the state, and no code, when the user cancels', async () => {
    const callback = await answerConsent(emulator, authorizeUrl(emulator, { state: 'xyz' }), 'deny');

    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe('xyz');
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it.each([
    ['an unknown client_id', { client_id: 'someone-else' }],
    ['an unregistered redirect_uri', { redirect_uri: 'http://localhost:3000/api/qbo/callback/' }],
    ['a redirect_uri on another host', { redirect_uri: 'https://evil.example/callback' }],
  ])('shows an error page and never redirects for %s', async (_case, overrides) => {
    const response = await fetch(authorizeUrl(emulator, overrides), { redirect: 'manual' });

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('role="alert"');
  });

  it.each([
    ['the accounting scope is missing', { scope: 'openid email' }, 'invalid_scope'],
    ['response_type is not code', { response_type: 'token' }, 'unsupported_response_type'],
    ['state is missing', { state: '' }, 'invalid_request'],
  ])('redirects with an OAuth error when %s', async (_case, overrides, error) => {
    const response = await fetch(authorizeUrl(emulator, overrides), { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? 'about:blank');

    expect(response.status).toBe(302);
    expect(location.searchParams.get('error')).toBe(error);
  });
});

describe('token endpoint with intuit-oauth', () => {
  it('exchanges the code for tokens and keeps the realmId', async () => {
    const { client } = await connectWithIntuitOAuth();
    const token = client.getToken();

    expect(token.realmId).toBe('9341450000000001');
    expect(token.token_type).toBe('bearer');
    expect(token.expires_in).toBe(3600);
    expect(token.x_refresh_token_expires_in).toBe(8726400);
    expect(token.refresh_token).toMatch(/^RT1-/);
    expect(client.isAccessTokenValid()).toBe(true);
  });

  it('answers token requests with intuit_tid and no-store caching headers', async () => {
    const callback = await answerConsent(emulator, authorizeUrl(emulator));

    const response = await postTokenForm(emulator, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: emulator.redirectUris[0] ?? '',
    });

    expect(response.headers.get('intuit_tid')).toMatch(/^1-/);
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(await response.json()).not.toHaveProperty('id_token');
  });

  it('refuses a code used a second time with invalid_grant', async () => {
    const { callback } = await connectWithIntuitOAuth();

    const second = oauthClient().createToken(callback.toString());

    await expect(second).rejects.toMatchObject({
      error: 'invalid_grant',
      error_description: 'Token invalid',
    });
  });

  it('refuses a code presented with a different redirect_uri', async () => {
    const callback = await answerConsent(emulator, authorizeUrl(emulator));

    const response = await postTokenForm(emulator, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: emulator.redirectUris[1] ?? '',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_grant', error_description: 'Token invalid' });
  });

  it('refuses a code older than ten minutes', async () => {
    const callback = await answerConsent(emulator, authorizeUrl(emulator));
    emulator.advanceClock(601);

    const late = oauthClient().createToken(callback.toString());

    await expect(late).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses wrong client credentials with 401 invalid_client', async () => {
    const response = await fetch(emulator.endpoints.tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${emulator.clientId}:wrong`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'RT1-x' }),
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'invalid_client' });
  });

  it('adds the hard expiry only when asked with x-include-refresh-token-hard-expires-in', async () => {
    const company = await connectCompany(emulator);

    const response = await postTokenForm(
      emulator,
      { grant_type: 'refresh_token', refresh_token: company.refreshToken },
      { 'x-include-refresh-token-hard-expires-in': 'true' },
    );

    expect((await response.json()).x_refresh_token_hard_expires_in).toBeGreaterThan(150_000_000);
  });
});

describe('refresh tokens', () => {
  it('rotates the refresh token and refuses the old one afterwards', async () => {
    const { client } = await connectWithIntuitOAuth();
    const first = client.getToken().refresh_token;

    await client.refresh();
    const second = client.getToken().refresh_token;
    const reuse = oauthClient().refreshUsingToken(first);

    expect(second).not.toBe(first);
    await expect(reuse).rejects.toMatchObject({
      error: 'invalid_grant',
      error_description: 'Incorrect or invalid refresh token',
    });
  });

  it('keeps the old refresh token working during a configured grace period', async () => {
    emulator.updateSettings({ refreshTokenGraceSeconds: 86_400 });
    const company = await connectCompany(emulator);
    await postTokenForm(emulator, { grant_type: 'refresh_token', refresh_token: company.refreshToken });
    emulator.advanceClock(3600);

    const reuse = await postTokenForm(emulator, {
      grant_type: 'refresh_token',
      refresh_token: company.refreshToken,
    });

    expect(reuse.status).toBe(200);
  });

  it('gives a working access token after a refresh once the first one expired', async () => {
    const { client } = await connectWithIntuitOAuth();
    emulator.advanceClock(3601);

    await client.refresh();
    const api = qboApi(emulator, {
      realmId: client.getToken().realmId,
      accessToken: client.getToken().access_token,
    });

    expect((await api.get('companyinfo/9341450000000001')).status).toBe(200);
  });

  it('refuses a refresh token unused for more than 101 days', async () => {
    const company = await connectCompany(emulator);
    emulator.advanceClock(8_726_401);

    const response = await postTokenForm(emulator, {
      grant_type: 'refresh_token',
      refresh_token: company.refreshToken,
    });

    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_grant');
  });
});

describe('revoke, userinfo and OpenID', () => {
  it('ends the whole grant when the refresh token is revoked', async () => {
    const company = await connectCompany(emulator);

    const revoked = await revokeToken(emulator, company.refreshToken);
    const api = await qboApi(emulator, company).get(`companyinfo/${company.realmId}`);
    const refresh = await postTokenForm(emulator, {
      grant_type: 'refresh_token',
      refresh_token: company.refreshToken,
    });

    expect(revoked.status).toBe(200);
    expect(api.status).toBe(401);
    expect(refresh.status).toBe(400);
  });

  it('revokes through intuit-oauth', async () => {
    const { client } = await connectWithIntuitOAuth();
    const { refresh_token: refreshToken } = client.getToken();

    await client.revoke({ refresh_token: refreshToken });
    const refresh = await postTokenForm(emulator, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });

    expect(refresh.status).toBe(400);
  });

  it('answers 400 with an empty body when revoking an unknown token', async () => {
    const response = await revokeToken(emulator, 'RT1-unknown');

    expect(response.status).toBe(400);
    expect(await response.text()).toBe('');
  });

  it('returns a camelCase profile from userinfo', async () => {
    const { client } = await connectWithIntuitOAuth([ACCOUNTING_SCOPE, 'openid', 'email', 'profile']);

    const response = await client.getUserInfo();

    expect(response.json).toMatchObject({
      email: expect.stringContaining('@'),
      givenName: 'Sandbox',
      emailVerified: true,
    });
  });

  it('issues an RS256 ID token that intuit-oauth validates against the JWKS', async () => {
    const { client } = await connectWithIntuitOAuth([ACCOUNTING_SCOPE, 'openid']);

    const valid = await client.validateIdToken();

    expect(valid).toBe(true);
  });

  it.each(['openid_sandbox_configuration', 'openid_configuration'])(
    'publishes %s pointing at the emulator',
    async (doc) => {
      const response = await fetch(`${emulator.url}/.well-known/${doc}`);
      const discovery = await response.json();

      expect(discovery).toMatchObject({
        authorization_endpoint: emulator.endpoints.authorizeEndpoint,
        token_endpoint: emulator.endpoints.tokenEndpoint,
        revocation_endpoint: emulator.endpoints.revokeEndpoint,
        userinfo_endpoint: emulator.endpoints.userInfoEndpoint,
        jwks_uri: emulator.endpoints.jwksUri,
      });
    },
  );
});

describe('access tokens on the API', () => {
  it('answers 401 code 3200 "Token expired" once the access token is an hour old', async () => {
    const company = await connectCompany(emulator);
    emulator.advanceClock(3600);

    const result = await qboApi(emulator, company).get(`companyinfo/${company.realmId}`);

    expect(result.status).toBe(401);
    expect(gatewayFaultOf(result)).toMatchObject({
      code: '3200',
      message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
      detail: `Token expired: ${company.accessToken.slice(0, 20)}`,
    });
    expect(result.body.fault.type).toBe('AUTHENTICATION');
  });

  it('answers 403 code 3100 when the token belongs to another company', async () => {
    const company = await connectCompany(emulator);

    const result = await qboApi(emulator, { ...company, realmId: '9341450000000002' }).get(
      'companyinfo/9341450000000002',
    );

    expect(result.status).toBe(403);
    expect(gatewayFaultOf(result)).toMatchObject({ code: '3100' });
  });

  it('answers 401 once the app is disconnected from the control API', async () => {
    const company = await connectCompany(emulator);
    await fetch(`${emulator.url}/__control/tokens/revoke-all`, { method: 'POST' });

    const result = await qboApi(emulator, company).get(`companyinfo/${company.realmId}`);

    expect(result.status).toBe(401);
  });
});
