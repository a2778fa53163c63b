import middy from '@middy/core';
import { DomainError } from '../errors';
import type { OriginSecretLoader } from '../origin/origin-secret';
import type { Logger } from '../platform/logger';
import { budgetFromLambda } from '../platform/time-budget';
import { findRoute } from '../routes';
import type { AuthenticateDeps } from './authenticate';
import { accessLog, requestStateOf } from './middlewares/access-log';
import { toApiResponse } from './middlewares/api-response';
import { errorMapper } from './middlewares/error-mapper';
import { jsonBody } from './middlewares/json-body';
import { originCheck } from './middlewares/origin-check';
import { matchedRouteOf, routeMatch } from './middlewares/route-match';
import { securityHeaders } from './middlewares/security-headers';
import { sessionGate } from './middlewares/session-gate';
import type { ApiContext, ApiEvent, ApiResponse, PublicRoute, RequestContext, RouteHandlers } from './types';

export type { PublicRoute, RouteHandlers, SignedInRoute } from './types';

export type HttpDeps = AuthenticateDeps & { log: Logger; originSecret: OriginSecretLoader };

export type ApiHandlerOptions = {
  /** How long before the Lambda's deadline middy stops waiting for the route and answers for it. */
  timeoutEarlyInMillis?: number;
};

// Less than the time budget's reserve: services stop on their budget first; this catches the rest.
const TIMEOUT_EARLY_MS = 500;

/** A route was still running at the Lambda's deadline: our own 503, not the gateway's bare one. */
class OutOfTimeError extends DomainError {
  constructor() {
    super('qbo_unavailable', 'This took too long to finish; try again in a moment', { retryAfterSeconds: 5 });
  }
}

export const publicRoute = (run: PublicRoute['run']): PublicRoute => ({ public: true, run });

const assertMatchesRouteTable = (handlers: RouteHandlers) => {
  for (const [key, handler] of Object.entries(handlers)) {
    const route = findRoute(key);
    if (!route) throw new Error(`${key} is not in the route table`);
    if ((route.access.kind === 'public') !== (typeof handler === 'object')) {
      throw new Error(`${key}: the handler's public/signed-in kind does not match the route table`);
    }
  }
};

const runRoute = async (event: ApiEvent, context: ApiContext): Promise<ApiResponse> => {
  const { requestId, log, body, caller } = requestStateOf(context);
  const { definition, handler } = matchedRouteOf(context);
  const ctx: RequestContext = {
    event,
    route: definition,
    requestId,
    log,
    budget: budgetFromLambda(context),
    body,
  };
  if (typeof handler === 'object') return toApiResponse(await handler.run(ctx));
  // Fails closed: a signed-in route never runs without the caller the session gate found.
  if (!caller) throw new Error(`${event.routeKey}: the session gate found no caller`);
  return toApiResponse(await handler({ ...ctx, ...caller }));
};

/**
 * Builds a Lambda handler for one route group: one middleware per concern, then the route. `before`
 * runs in the order of `use`, `after` and `onError` in reverse: so the error mapper, used last, answers
 * an error first, and the security headers and the access log then see that answer. The origin check
 * is the first `before` with work to do: a request that did not come through the site is refused
 * before its route is looked up, a session read or its body parsed.
 */
export const apiHandler = (deps: HttpDeps, handlers: RouteHandlers, options: ApiHandlerOptions = {}) => {
  assertMatchesRouteTable(handlers);
  return middy<ApiEvent, ApiResponse, Error, ApiContext>({
    timeoutEarlyInMillis: options.timeoutEarlyInMillis ?? TIMEOUT_EARLY_MS,
    timeoutEarlyResponse: () => {
      throw new OutOfTimeError();
    },
  })
    .use(accessLog(deps.log))
    .use(securityHeaders())
    .use(originCheck(deps.originSecret))
    .use(routeMatch(handlers))
    .use(sessionGate(deps))
    .use(jsonBody())
    .use(errorMapper(deps.log))
    .handler(runRoute);
};
