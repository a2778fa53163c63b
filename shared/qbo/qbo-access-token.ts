import { randomUUID } from 'node:crypto';
import type { TokenCipher } from '../crypto/token-cipher';
import type { Table } from '../db/table';
import type { Logger } from '../platform/logger';
import { IntuitGrantError, type IntuitOAuth, type IntuitTokens } from './intuit-oauth-client';
import type { QboConnection } from './qbo-connection';
import {
  acquireRefreshLease,
  getQboConnection,
  markNeedsReconnect,
  saveRefreshedTokens,
} from './qbo-connection-repository';
import { QboNotConnectedError, QboUnavailableError } from './qbo-errors';

export type QboTokenDeps = {
  table: Table;
  now: () => Date;
  log: Logger;
  cipher: TokenCipher;
  oauth: IntuitOAuth;
};

// Refresh a little before Intuit's expiry so a token never dies mid-request.
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
const LEASE_MS = 15_000;
const WAIT_FOR_OTHER_REFRESH_MS = 12_000;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const sealTokens = (cipher: TokenCipher, tokens: IntuitTokens, now: Date) => ({
  accessToken: cipher.encrypt(tokens.accessToken),
  refreshToken: cipher.encrypt(tokens.refreshToken),
  accessTokenExpiresAt: new Date(now.getTime() + tokens.expiresIn * 1000).toISOString(),
  refreshTokenExpiresAt: new Date(now.getTime() + tokens.refreshExpiresIn * 1000).toISOString(),
});

const assertUsable = (connection: QboConnection | undefined): QboConnection => {
  if (!connection) throw new QboNotConnectedError();
  if (connection.needsReconnect)
    throw new QboNotConnectedError('needs_reconnect', connection.needsReconnect.reason);
  return connection;
};

/** Waits for whoever holds the refresh lease to store newer tokens (or to give the lease up). */
const waitForOtherRefresh = async (deps: QboTokenDeps, seen: QboConnection): Promise<QboConnection> => {
  const deadline = Date.now() + WAIT_FOR_OTHER_REFRESH_MS;
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    const latest = assertUsable(await getQboConnection(deps.table, seen.userId, { consistent: true }));
    const leaseLive = latest.refreshLease && Date.parse(latest.refreshLease.until) > deps.now().getTime();
    if (latest.version !== seen.version || !leaseLive) return latest;
  }
  throw new QboUnavailableError('the QuickBooks sign-in is being renewed');
};

const refreshHoldingLease = async (
  deps: QboTokenDeps,
  connection: QboConnection,
  holder: string,
): Promise<QboConnection> => {
  let tokens: IntuitTokens;
  try {
    tokens = await deps.oauth.refresh(deps.cipher.decrypt(connection.refreshToken));
  } catch (error) {
    if (error instanceof IntuitGrantError && error.oauthError === 'invalid_grant') {
      const reason = 'QuickBooks refused the saved sign-in (it was revoked or has expired)';
      await markNeedsReconnect(deps.table, connection, { reason, at: deps.now().toISOString() });
      throw new QboNotConnectedError('needs_reconnect', reason);
    }
    throw new QboUnavailableError('renewing the QuickBooks sign-in failed');
  }
  const now = deps.now();
  const next: QboConnection = {
    ...connection,
    ...sealTokens(deps.cipher, tokens, now),
    refreshedAt: now.toISOString(),
    version: connection.version + 1,
  };
  // Intuit has already rotated the refresh token: the new one is stored before the access token is used.
  if (!(await saveRefreshedTokens(deps.table, next, holder))) {
    deps.log.warn('QBO refresh lease was lost before the new tokens were saved', {
      userId: connection.userId,
    });
  }
  return next;
};

/**
 * A valid access token for the connection. Refresh is single-flight across Lambdas: whoever wins a
 * conditional lease on the connection's version refreshes; everyone else waits for and uses its tokens.
 * `force` refreshes even an unexpired token (after QBO answered 401), unless someone already did.
 */
export const getAccessToken = async (
  deps: QboTokenDeps,
  connection: QboConnection,
  options: { force?: boolean } = {},
): Promise<{ accessToken: string; connection: QboConnection }> => {
  let current = assertUsable(connection);
  let force = options.force ?? false;
  for (;;) {
    const now = deps.now();
    const fresh = Date.parse(current.accessTokenExpiresAt) - now.getTime() > REFRESH_MARGIN_MS;
    if (fresh && !force)
      return { accessToken: deps.cipher.decrypt(current.accessToken), connection: current };
    const holder = randomUUID();
    if (
      await acquireRefreshLease(deps.table, current, {
        holder,
        until: new Date(now.getTime() + LEASE_MS),
        now,
      })
    ) {
      const refreshed = await refreshHoldingLease(deps, current, holder);
      return { accessToken: deps.cipher.decrypt(refreshed.accessToken), connection: refreshed };
    }
    const seenVersion = current.version;
    current = await waitForOtherRefresh(deps, current);
    if (current.version !== seenVersion) force = false;
  }
};
