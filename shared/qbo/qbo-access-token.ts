import type { TokenCipher } from '../crypto/token-cipher';
import { type HeldLease, type LeaseWait, leaseIsLive, releaseLease, waitForLease } from '../db/lease';
import type { Table } from '../db/table';
import { qboConnectionKey } from '../keys';
import type { Logger } from '../platform/logger';
import type { TimeBudget } from '../platform/time-budget';
import { IntuitGrantError, type IntuitOAuth, type IntuitTokens } from './intuit-oauth-client';
import type { QboConnection } from './qbo-connection';
import {
  fromConnectionItem,
  markNeedsReconnect,
  saveRefreshedTokens,
  takeRefreshLease,
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

export const sealTokens = (cipher: TokenCipher, tokens: IntuitTokens, now: Date) => ({
  accessToken: cipher.encrypt(tokens.accessToken),
  refreshToken: cipher.encrypt(tokens.refreshToken),
  accessTokenExpiresAt: new Date(now.getTime() + tokens.expiresIn * 1000).toISOString(),
  refreshTokenExpiresAt: new Date(now.getTime() + tokens.refreshExpiresIn * 1000).toISOString(),
});

/** Throws unless the connection can reach QBO: stored, and not refused by Intuit. */
export const assertUsableConnection = (connection: QboConnection | undefined): QboConnection => {
  if (!connection) throw new QboNotConnectedError();
  if (connection.needsReconnect)
    throw new QboNotConnectedError('needs_reconnect', connection.needsReconnect.reason);
  return connection;
};

const refreshHoldingLease = async (
  deps: QboTokenDeps,
  connection: QboConnection,
  lease: HeldLease,
  budget: TimeBudget,
): Promise<QboConnection> => {
  let tokens: IntuitTokens;
  try {
    tokens = await deps.oauth.refresh(deps.cipher.decrypt(connection.refreshToken), budget);
  } catch (error) {
    if (error instanceof IntuitGrantError && error.oauthError === 'invalid_grant') {
      const reason = 'QuickBooks refused the saved sign-in (it was revoked or has expired)';
      await markNeedsReconnect(deps.table, connection, { reason, at: deps.now().toISOString() });
      throw new QboNotConnectedError('needs_reconnect', reason);
    }
    // The old refresh token is still the one Intuit knows: let the next request try again at once.
    await releaseLease(deps.table, lease);
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
  if (!(await saveRefreshedTokens(deps.table, next, lease))) {
    deps.log.warn('QBO refresh lease was lost before the new tokens were saved', {
      userId: connection.userId,
    });
  }
  return next;
};

/**
 * A valid access token for the connection. Refresh is single-flight across Lambdas: whoever takes
 * the lease on the connection's version refreshes; everyone else waits (within the request's budget)
 * for its tokens. `force` refreshes even an unexpired token (after QBO answered 401), unless someone
 * already did.
 */
export const getAccessToken = async (
  deps: QboTokenDeps,
  connection: QboConnection,
  options: { force?: boolean; budget: TimeBudget },
): Promise<{ accessToken: string; connection: QboConnection }> => {
  let current = assertUsableConnection(connection);
  let force = options.force ?? false;
  const wait: LeaseWait = {
    table: deps.table,
    now: deps.now,
    budget: options.budget,
    busy: () => new QboUnavailableError('the QuickBooks sign-in is being renewed', undefined, 2),
  };
  for (;;) {
    const now = deps.now();
    const fresh = Date.parse(current.accessTokenExpiresAt) - now.getTime() > REFRESH_MARGIN_MS;
    if (fresh && !force)
      return { accessToken: deps.cipher.decrypt(current.accessToken), connection: current };
    const attempt = await takeRefreshLease(deps.table, current, now, options.budget);
    if (attempt.taken) {
      const held = fromConnectionItem(attempt.lease.item);
      const refreshed = await refreshHoldingLease(deps, held, attempt.lease, options.budget);
      return { accessToken: deps.cipher.decrypt(refreshed.accessToken), connection: refreshed };
    }
    const seenVersion = current.version;
    const item =
      attempt.item && !leaseIsLive(attempt.item, now)
        ? attempt.item
        : await waitForLease(wait, qboConnectionKey(current.userId));
    current = assertUsableConnection(item ? fromConnectionItem(item) : undefined);
    if (current.version !== seenVersion) force = false;
  }
};
