// Builders for the HTTP stack's unit tests: an API Gateway event, a Lambda context, a log to read back
// and a middy stack of just the middlewares under test.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ApiContext, ApiEvent, ApiMiddleware, ApiResponse } from '../../../../shared/http/types';
import type { OriginSecret, OriginSecretLoader } from '../../../../shared/origin/origin-secret';
import { ORIGIN_HEADER } from '../../../../shared/origin/origin-secret';
import { createLogger } from '../../../../shared/platform/logger';
import type { RouteKey } from '../../../../shared/routes';

type EventOptions = {
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
  requestId?: string;
};

export const anApiEvent = (routeKey: RouteKey | `${string} /api/${string}`, options: EventOptions = {}) => {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: options.headers ?? {},
    cookies: options.cookies,
    body: options.body,
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: options.requestId ?? 'req-1',
      routeKey,
      stage: '$default',
      time: new Date(0).toUTCString(),
      timeEpoch: 0,
    },
  } satisfies ApiEvent;
};

/** What CloudFront sends in its origin header, in these tests. */
export const SITE_ORIGIN_VALUE = 'the-origin-value-cloudfront-sends-0123456789';

/** An origin secret that holds these values, read or not. */
export const anOriginSecret = (
  values: OriginSecret = { current: SITE_ORIGIN_VALUE, previous: '' },
): OriginSecretLoader => ({ values: async () => values, reload: async () => values });

/** The event as CloudFront forwards it: with its origin header. */
export const viaSite = <Event extends ApiEvent>(event: Event): Event => ({
  ...event,
  headers: { ...event.headers, [ORIGIN_HEADER]: SITE_ORIGIN_VALUE },
});

export const jsonPost = (routeKey: RouteKey, body: unknown) =>
  anApiEvent(routeKey, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A Lambda context whose deadline is `remainingMs` away (it does not count down). */
export const aLambdaContext = (remainingMs = 60_000): ApiContext =>
  ({
    functionName: 'deskbooks-test',
    awsRequestId: 'aws-req-1',
    getRemainingTimeInMillis: () => remainingMs,
    callbackWaitsForEmptyEventLoop: false,
  }) as Context;

/** A logger whose lines can be read back, parsed. */
export const aCapturedLog = () => {
  const lines: string[] = [];
  const log = createLogger('debug', {}, (line) => lines.push(line));
  return { log, text: () => lines.join('\n'), entries: () => lines.map((line) => JSON.parse(line)) };
};

/** Just the middlewares under test around a handler, timing left out (`timeoutEarlyInMillis: 0`). */
export const stackOf = (
  middlewares: ApiMiddleware[],
  handler: (event: ApiEvent, context: ApiContext) => Promise<ApiResponse>,
) =>
  middy<ApiEvent, ApiResponse, Error, ApiContext>({ timeoutEarlyInMillis: 0 })
    .use(middlewares)
    .handler(handler);

export const ok: ApiResponse = { statusCode: 200, headers: {}, body: '{"ok":true}' };

export const bodyOf = (response: ApiResponse) => JSON.parse(response.body ?? '');
