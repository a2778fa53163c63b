import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { RouteNotFoundError, ValidationError } from '../errors';
import type { Logger } from '../platform/logger';
import { findRoute, type RouteKey, routeKeyOf } from '../routes';
import { type AuthenticateDeps, authenticate } from './authenticate';
import { toErrorResponse } from './error-response';
import { API_SECURITY_HEADERS } from './security-headers';
import type { ApiEvent, ApiResponse, ApiResult, RequestContext, SignedInContext } from './types';

export type HttpDeps = AuthenticateDeps & { log: Logger };

export type PublicRoute = { public: true; run: (ctx: RequestContext) => Promise<ApiResult> };
export type SignedInRoute = (ctx: SignedInContext) => Promise<ApiResult>;
export type RouteHandlers = Partial<Record<RouteKey, SignedInRoute | PublicRoute>>;

export const publicRoute = (run: PublicRoute['run']): PublicRoute => ({ public: true, run });

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Internal = { ctx?: RequestContext; startedAt: number; result?: ApiResult };

/** Parses the JSON body. State-changing requests must say JSON: a cross-site form cannot, which guards against CSRF. */
const parseBody = (event: ApiEvent): unknown => {
  const method = event.requestContext.http.method;
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (STATE_CHANGING.has(method) && contentType !== 'application/json') {
    throw new ValidationError(
      { 'content-type': ['Send the request as JSON with Content-Type: application/json'] },
      'Requests that change data must be sent as JSON',
    );
  }
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(
      { body: ['The request body is not valid JSON'] },
      'The request body is not valid JSON',
    );
  }
};

const toResponse = (result: ApiResult): ApiResponse => {
  const hasBody = result.body !== undefined;
  return {
    statusCode: result.status,
    headers: {
      ...API_SECURITY_HEADERS,
      ...(hasBody ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      ...Object.fromEntries(Object.entries(result.headers ?? {}).filter(([, value]) => value !== undefined)),
    } as Record<string, string>,
    ...(result.cookies?.length ? { cookies: result.cookies } : {}),
    body: hasBody ? JSON.stringify(result.body) : '',
  };
};

/**
 * Builds a Lambda handler for one route group: logging with a request id, JSON body, session and MFA
 * gate from the route table, typed errors mapped to HTTP, security headers.
 */
export const apiHandler = (deps: HttpDeps, handlers: RouteHandlers) => {
  for (const [key, handler] of Object.entries(handlers)) {
    const route = findRoute(key);
    if (!route) throw new Error(`${key} is not in the route table`);
    if ((route.access.kind === 'public') !== (typeof handler === 'object')) {
      throw new Error(`${key}: the handler's public/signed-in kind does not match the route table`);
    }
  }

  const run = async (event: ApiEvent, context: Context & { internal?: Internal }): Promise<ApiResponse> => {
    const internal: Internal = { startedAt: Date.now() };
    context.internal = internal;
    const key = event.routeKey as RouteKey;
    const route = findRoute(key);
    const handler = handlers[key];
    if (!route || !handler) throw new RouteNotFoundError(event.requestContext.http.method, event.rawPath);
    const requestId = event.requestContext.requestId || randomUUID();
    const log = deps.log.child({ requestId, route: routeKeyOf(route) });
    const base: RequestContext = { event, route, requestId, log, body: undefined };
    internal.ctx = base;
    const caller = await authenticate(deps, event, route);
    const ctx = { ...base, body: parseBody(event) };
    internal.ctx = caller ? { ...ctx, ...caller } : ctx;
    const result =
      typeof handler === 'object'
        ? await handler.run(ctx)
        : await handler({ ...ctx, ...(caller as NonNullable<typeof caller>) });
    internal.result = result;
    return toResponse(result);
  };

  return middy<ApiEvent, ApiResponse, Error, Context & { internal?: Internal }>({ timeoutEarlyInMillis: 0 })
    .use({
      after: async (request) => {
        logAccess(deps.log, request.event, request.context.internal);
      },
      onError: async (request) => {
        const internal = request.context.internal ?? { startedAt: Date.now() };
        const result = toErrorResponse(request.error, internal.ctx?.log ?? deps.log);
        internal.result = result;
        request.response = toResponse(result);
        logAccess(deps.log, request.event, internal);
      },
    })
    .handler(run);
};

const logAccess = (log: Logger, event: ApiEvent, internal: Internal | undefined) => {
  const ctx = internal?.ctx;
  (ctx?.log ?? log).info('request', {
    method: event.requestContext.http.method,
    path: event.rawPath,
    status: internal?.result?.status,
    durationMs: internal ? Date.now() - internal.startedAt : undefined,
    userId: ctx && 'user' in ctx ? (ctx as SignedInContext).user.id : undefined,
  });
};
