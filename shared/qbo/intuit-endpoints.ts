import type { Config } from '../config';

export type IntuitEnvironment = 'sandbox' | 'production';

export type IntuitEndpoints = {
  authorizeEndpoint: string;
  tokenEndpoint: string;
  revokeEndpoint: string;
  userInfoEndpoint: string;
  /** v3 Accounting API origin; paths are /v3/company/{realmId}/… */
  apiBaseUrl: string;
  /** The QBO web app, for "View in QuickBooks" links. */
  appBaseUrl: string;
};

// Intuit's published endpoints (qbo-reference §1.1, §2.1, §6).
const INTUIT: Record<IntuitEnvironment, IntuitEndpoints> = {
  sandbox: {
    authorizeEndpoint: 'https://appcenter.intuit.com/connect/oauth2',
    tokenEndpoint: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    revokeEndpoint: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
    userInfoEndpoint: 'https://sandbox-accounts.platform.intuit.com/v1/openid_connect/userinfo',
    apiBaseUrl: 'https://sandbox-quickbooks.api.intuit.com',
    appBaseUrl: 'https://app.sandbox.qbo.intuit.com/app',
  },
  production: {
    authorizeEndpoint: 'https://appcenter.intuit.com/connect/oauth2',
    tokenEndpoint: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
    revokeEndpoint: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
    userInfoEndpoint: 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
    apiBaseUrl: 'https://quickbooks.api.intuit.com',
    appBaseUrl: 'https://app.qbo.intuit.com/app',
  },
};

/** Intuit's endpoints for the environment, or the same paths under a stand-in's base URL. */
export const intuitEndpoints = (
  config: Pick<Config, 'INTUIT_ENVIRONMENT' | 'INTUIT_BASE_URL'>,
  environment: IntuitEnvironment = config.INTUIT_ENVIRONMENT,
): IntuitEndpoints => {
  const base = config.INTUIT_BASE_URL?.replace(/\/$/, '');
  if (!base) return INTUIT[environment];
  return {
    authorizeEndpoint: `${base}/connect/oauth2`,
    tokenEndpoint: `${base}/oauth2/v1/tokens/bearer`,
    revokeEndpoint: `${base}/v2/oauth2/tokens/revoke`,
    userInfoEndpoint: `${base}/v1/openid_connect/userinfo`,
    apiBaseUrl: base,
    appBaseUrl: `${base}/app`,
  };
};

export const customerUrl = (endpoints: IntuitEndpoints, customerId: string) =>
  `${endpoints.appBaseUrl}/customerdetail?nameId=${encodeURIComponent(customerId)}`;

export const invoiceUrl = (endpoints: IntuitEndpoints, invoiceId: string) =>
  `${endpoints.appBaseUrl}/invoice?txnId=${encodeURIComponent(invoiceId)}`;

export const qboHomeUrl = (endpoints: IntuitEndpoints) => `${endpoints.appBaseUrl}/homepage`;
