import type { EmulatorContext } from '../context';
import { authenticationFailedReply, authorizationFailedReply } from '../gateway-faults';
import { headerValue, type Incoming, type Reply } from '../http';
import { ACCOUNTING_SCOPE } from '../oauth/authorize';

const TOKEN_PREFIX_LENGTH = 20;

const bearerToken = (incoming: Incoming) =>
  /^Bearer\s+(\S+)$/i.exec(headerValue(incoming.headers, 'authorization') ?? '')?.[1];

/** Gateway check before any API work: a reply means the request stops here. */
export const rejectUnauthorized = (
  ctx: EmulatorContext,
  incoming: Incoming,
  realmId: string,
): Reply | undefined => {
  const now = ctx.clock.now();
  const token = bearerToken(incoming);
  if (!token || token.length < 20 || token.length > 4096)
    return authenticationFailedReply('Malformed bearer token: too short or too long', now);
  const prefix = token.slice(0, TOKEN_PREFIX_LENGTH);
  const check = ctx.grants.checkAccess(token, now);
  if (!check.ok && check.reason === 'expired')
    return authenticationFailedReply(`Token expired: ${prefix}`, now);
  if (!check.ok) return authenticationFailedReply(`Token invalid: ${prefix}`, now);
  if (check.grant.realmId !== realmId || !check.grant.scopes.includes(ACCOUNTING_SCOPE))
    return authorizationFailedReply(now);
  return undefined;
};
