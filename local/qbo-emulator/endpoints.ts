export const PATHS = {
  authorize: '/connect/oauth2',
  token: '/oauth2/v1/tokens/bearer',
  revoke: '/v2/oauth2/tokens/revoke',
  userInfo: '/v1/openid_connect/userinfo',
  jwks: '/op/v1/jwks',
  discoverySandbox: '/.well-known/openid_sandbox_configuration',
  discoveryProduction: '/.well-known/openid_configuration',
  homepage: '/app/homepage',
  customerPage: '/app/customerdetail',
  invoicePage: '/app/invoice',
  control: '/__control',
} as const;

export interface EmulatorEndpoints {
  authorizeEndpoint: string;
  tokenEndpoint: string;
  revokeEndpoint: string;
  userInfoEndpoint: string;
  jwksUri: string;
  discoveryUrl: string;
  /** API base for `/v3/company/{realmId}/…`; also the base of the `/app/…` pages. */
  apiBaseUrl: string;
  appBaseUrl: string;
  controlUrl: string;
}

export const endpointsFor = (origin: string): EmulatorEndpoints => ({
  authorizeEndpoint: `${origin}${PATHS.authorize}`,
  tokenEndpoint: `${origin}${PATHS.token}`,
  revokeEndpoint: `${origin}${PATHS.revoke}`,
  userInfoEndpoint: `${origin}${PATHS.userInfo}`,
  jwksUri: `${origin}${PATHS.jwks}`,
  discoveryUrl: `${origin}${PATHS.discoverySandbox}`,
  apiBaseUrl: origin,
  appBaseUrl: `${origin}/app/`,
  controlUrl: `${origin}${PATHS.control}`,
});
