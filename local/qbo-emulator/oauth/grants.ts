import { randomBytes } from 'node:crypto';
import type { EmulatorSettings } from '../settings';

// Intuit reports 8726400 s (101 days) on a fresh refresh token and rolls it forward on every refresh.
const REFRESH_TOKEN_TTL_SECONDS = 8_726_400;
// Tokens issued since Oct 2023 die five years after the first consent, whatever the refreshes.
const HARD_CAP_SECONDS = 5 * 365 * 86_400;

export interface Grant {
  id: string;
  clientId: string;
  realmId: string;
  scopes: string[];
  createdAt: number;
  revoked: boolean;
}

interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  realmId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

interface AccessTokenRecord {
  grantId: string;
  expiresAt: number;
}

interface RefreshTokenRecord {
  grantId: string;
  expiresAt: number;
  supersededAt?: number;
}

export interface IssuedTokens {
  grant: Grant;
  accessToken: string;
  accessExpiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  hardExpiresIn: number;
}

type AccessCheck = { ok: true; grant: Grant } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' };

export interface GrantStore {
  issueCode(
    code: Omit<AuthorizationCode, 'expiresAt' | 'used'>,
    now: number,
    settings: EmulatorSettings,
  ): string;
  redeemCode(
    code: string,
    clientId: string,
    redirectUri: string,
    now: number,
    settings: EmulatorSettings,
  ): IssuedTokens | undefined;
  refresh(
    refreshToken: string,
    clientId: string,
    now: number,
    settings: EmulatorSettings,
  ): IssuedTokens | undefined;
  checkAccess(accessToken: string, now: number): AccessCheck;
  revokeToken(token: string, clientId: string): boolean;
  revokeAll(realmId?: string): number;
  /** Whether the app holds a grant for the company that has not been revoked. */
  isConnected(realmId: string): boolean;
  lastRealmId(): string | undefined;
  reset(): void;
}

const opaque = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

export const createGrantStore = (): GrantStore => {
  let codes = new Map<string, AuthorizationCode>();
  let grants = new Map<string, Grant>();
  let accessTokens = new Map<string, AccessTokenRecord>();
  let refreshTokens = new Map<string, RefreshTokenRecord>();
  let lastRealm: string | undefined;

  const issueTokens = (grant: Grant, now: number, settings: EmulatorSettings): IssuedTokens => {
    const accessToken = opaque('eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0.', 96);
    const refreshToken = opaque('RT1-', 36);
    accessTokens.set(accessToken, {
      grantId: grant.id,
      expiresAt: now + settings.accessTokenTtlSeconds * 1000,
    });
    const hardExpiresAt = grant.createdAt + HARD_CAP_SECONDS * 1000;
    const refreshExpiresAt = Math.min(now + REFRESH_TOKEN_TTL_SECONDS * 1000, hardExpiresAt);
    refreshTokens.set(refreshToken, { grantId: grant.id, expiresAt: refreshExpiresAt });
    return {
      grant,
      accessToken,
      accessExpiresIn: settings.accessTokenTtlSeconds,
      refreshToken,
      refreshExpiresIn: Math.floor((refreshExpiresAt - now) / 1000),
      hardExpiresIn: Math.floor((hardExpiresAt - now) / 1000),
    };
  };

  const grantOf = (grantId: string) => {
    const grant = grants.get(grantId);
    return grant && !grant.revoked ? grant : undefined;
  };

  const usableRefresh = (record: RefreshTokenRecord, now: number, settings: EmulatorSettings) =>
    record.expiresAt > now &&
    (record.supersededAt === undefined ||
      now < record.supersededAt + settings.refreshTokenGraceSeconds * 1000);

  return {
    issueCode: (code, now, settings) => {
      const value = opaque('AB11', 48);
      codes.set(value, {
        ...code,
        expiresAt: now + settings.authorizationCodeTtlSeconds * 1000,
        used: false,
      });
      return value;
    },
    redeemCode: (value, clientId, redirectUri, now, settings) => {
      const code = codes.get(value);
      if (!code || code.used || code.expiresAt <= now) return undefined;
      if (code.clientId !== clientId || code.redirectUri !== redirectUri) return undefined;
      code.used = true;
      const grant: Grant = {
        id: opaque('grant-', 9),
        clientId,
        realmId: code.realmId,
        scopes: code.scopes,
        createdAt: now,
        revoked: false,
      };
      grants.set(grant.id, grant);
      lastRealm = grant.realmId;
      return issueTokens(grant, now, settings);
    },
    refresh: (value, clientId, now, settings) => {
      const record = refreshTokens.get(value);
      const grant = record && grantOf(record.grantId);
      if (!record || !grant || grant.clientId !== clientId || !usableRefresh(record, now, settings))
        return undefined;
      record.supersededAt ??= now;
      return issueTokens(grant, now, settings);
    },
    checkAccess: (value, now) => {
      const record = accessTokens.get(value);
      if (!record) return { ok: false, reason: 'unknown' };
      const grant = grantOf(record.grantId);
      if (!grant) return { ok: false, reason: 'revoked' };
      if (record.expiresAt <= now) return { ok: false, reason: 'expired' };
      return { ok: true, grant };
    },
    revokeToken: (value, clientId) => {
      const grantId = refreshTokens.get(value)?.grantId ?? accessTokens.get(value)?.grantId;
      const grant = grantId ? grants.get(grantId) : undefined;
      if (!grant || grant.clientId !== clientId) return false;
      grant.revoked = true;
      return true;
    },
    revokeAll: (realmId) => {
      let count = 0;
      for (const grant of grants.values()) {
        if (grant.revoked || (realmId && grant.realmId !== realmId)) continue;
        grant.revoked = true;
        count += 1;
      }
      return count;
    },
    isConnected: (realmId) =>
      [...grants.values()].some((grant) => grant.realmId === realmId && !grant.revoked),
    lastRealmId: () => lastRealm,
    reset: () => {
      codes = new Map();
      grants = new Map();
      accessTokens = new Map();
      refreshTokens = new Map();
      lastRealm = undefined;
    },
  };
};
