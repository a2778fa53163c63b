import { randomBytes } from 'node:crypto';
import type { Table } from '../db/table';
import type { IntuitOAuth } from './intuit-oauth-client';
import { OAUTH_STATE_TTL_MS, putOAuthState } from './oauth-state-repository';
import { safeReturnTo } from './return-to';

export type StartQboConnectDeps = { table: Table; now: () => Date; oauth: IntuitOAuth };

/** Starts Intuit's OAuth flow: a fresh single-use state bound to this session, then Intuit's consent page. */
export const startQboConnect = async (
  deps: StartQboConnectDeps,
  input: { userId: string; sessionHash: string; returnTo?: string },
): Promise<{ location: string }> => {
  const state = randomBytes(24).toString('base64url');
  await putOAuthState(deps.table, {
    state,
    userId: input.userId,
    sessionHash: input.sessionHash,
    returnTo: safeReturnTo(input.returnTo),
    expiresAt: new Date(deps.now().getTime() + OAUTH_STATE_TTL_MS).toISOString(),
  });
  return { location: await deps.oauth.authorizeUrl(state) };
};
