import type { EmulatorContext } from '../context';
import { endpointsFor } from '../endpoints';
import { authenticationFailedReply } from '../gateway-faults';
import { headerValue, type Incoming, jsonReply, type Reply } from '../http';
import type { Grant } from './grants';

const SANDBOX_USER = {
  sub: 'b4a5f7e2-5d0a-4a3e-9a77-6a0e1a2c3d4e',
  email: 'sandbox.admin@example.com',
  emailVerified: true,
  givenName: 'Sandbox',
  familyName: 'Admin',
  phoneNumber: '+1 6505550100',
  phoneNumberVerified: false,
  address: {
    streetAddress: '2700 Coast Ave',
    locality: 'Mountain View',
    region: 'CA',
    postalCode: '94043',
    country: 'US',
  },
};

export const buildIdToken = (ctx: EmulatorContext, grant: Grant): string => {
  const nowSeconds = Math.floor(ctx.clock.now() / 1000);
  return ctx.signingKey.signJwt({
    iss: ctx.idTokenIssuer,
    aud: [ctx.app.clientId],
    sub: SANDBOX_USER.sub,
    realmid: grant.realmId,
    auth_time: Math.floor(grant.createdAt / 1000),
    iat: nowSeconds,
    exp: nowSeconds + 3600,
  });
};

export const discoveryDocument = (ctx: EmulatorContext): Reply => {
  const endpoints = endpointsFor(ctx.origin());
  return jsonReply(200, {
    issuer: ctx.idTokenIssuer,
    authorization_endpoint: endpoints.authorizeEndpoint,
    token_endpoint: endpoints.tokenEndpoint,
    userinfo_endpoint: endpoints.userInfoEndpoint,
    revocation_endpoint: endpoints.revokeEndpoint,
    jwks_uri: endpoints.jwksUri,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile', 'address', 'phone'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    claims_supported: ['aud', 'exp', 'iat', 'iss', 'realmid', 'sub'],
  });
};

export const jwksDocument = (ctx: EmulatorContext): Reply => jsonReply(200, { keys: [ctx.signingKey.jwk] });

export const handleUserInfo = (ctx: EmulatorContext, incoming: Incoming): Reply => {
  const token = /^Bearer\s+(.+)$/i.exec(headerValue(incoming.headers, 'authorization') ?? '')?.[1] ?? '';
  const check = ctx.grants.checkAccess(token, ctx.clock.now());
  if (!check.ok) return authenticationFailedReply('Token invalid or expired', ctx.clock.now());
  return jsonReply(200, SANDBOX_USER);
};
