import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Caller } from '../auth/caller';
import type { Logger } from '../platform/logger';
import type { TimeBudget } from '../platform/time-budget';
import type { RouteDefinition, RouteKey } from '../routes';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResponse = APIGatewayProxyStructuredResultV2;

export type ApiResult = {
  status: number;
  body?: unknown;
  /** A file to answer with instead of a JSON body (its type in `headers`). */
  bytes?: Uint8Array;
  headers?: Record<string, string | undefined>;
  cookies?: string[];
};

/** Who is calling, and what the gate read with them (so handlers need not read it again). */
export type { Caller };

export type RequestContext = {
  event: ApiEvent;
  route: RouteDefinition;
  requestId: string;
  log: Logger;
  /** What is left of this invocation's time: services that wait or call out stop within it. */
  budget: TimeBudget;
  /** Parsed JSON body (undefined when the request has none). */
  body: unknown;
};

export type SignedInContext = RequestContext & Caller;

export type PublicRoute = { public: true; run: (ctx: RequestContext) => Promise<ApiResult> };
export type SignedInRoute = (ctx: SignedInContext) => Promise<ApiResult>;
export type RouteHandler = SignedInRoute | PublicRoute;
export type RouteHandlers = Partial<Record<RouteKey, RouteHandler>>;

/**
 * What the middlewares learn about one request, each filling in its part in the order they run. It
 * lives on the Lambda context because that is the one object both the middlewares and the route see.
 */
export type RequestState = {
  requestId: string;
  log: Logger;
  startedAt: number;
  route?: { definition: RouteDefinition; handler: RouteHandler };
  caller?: Caller;
  body?: unknown;
};

export type ApiContext = Context & { requestState?: RequestState };

export type ApiMiddleware = middy.MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext>;
export type ApiRequest = middy.Request<ApiEvent, ApiResponse, Error, ApiContext>;
