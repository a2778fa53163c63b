import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Table } from '../../../../shared/db/table';
import { apiHandler, publicRoute } from '../../../../shared/http/api-handler';
import { API_SECURITY_HEADERS } from '../../../../shared/http/security-headers';
import type { RequestContext } from '../../../../shared/http/types';
import { BUDGET_RESERVE_MS } from '../../../../shared/platform/time-budget';
import {
  aCapturedLog,
  aLambdaContext,
  anApiEvent,
  anOriginSecret,
  bodyOf,
  jsonPost,
  viaSite,
} from './fake-api';

// Public routes only: the session gate's lookups have their own tests, and these need no table.
const depsWith = (log = aCapturedLog().log) => ({
  table: {} as Table,
  now: () => new Date(),
  log,
  originSecret: anOriginSecret(),
});
const NO_EARLY_TIMEOUT = { timeoutEarlyInMillis: 0 };

afterEach(() => {
  vi.useRealTimers();
});

describe('apiHandler', () => {
  it('refuses to build with a handler for a route that is not in the route table', () => {
    expect(() =>
      apiHandler(depsWith(), { 'GET /api/nowhere': async () => ({ status: 200 }) } as never),
    ).toThrow('GET /api/nowhere is not in the route table');
  });

  it('refuses to build with a public handler on a signed-in route', () => {
    expect(() =>
      apiHandler(depsWith(), { 'GET /api/issues': publicRoute(async () => ({ status: 200 })) }),
    ).toThrow('GET /api/issues: the handler');
  });

  it('answers with the route result as JSON, its cookies and the security headers', async () => {
    const handler = apiHandler(
      depsWith(),
      {
        'POST /api/session': publicRoute(async ({ body }) => ({
          status: 200,
          body: { echo: body },
          cookies: ['sid=abc; HttpOnly'],
        })),
      },
      NO_EARLY_TIMEOUT,
    );

    const response = await handler(
      viaSite(jsonPost('POST /api/session', { email: 'ann@example.com' })),
      aLambdaContext(),
    );

    expect(response).toMatchObject({
      statusCode: 200,
      cookies: ['sid=abc; HttpOnly'],
      headers: { ...API_SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' },
    });
    expect(bodyOf(response)).toEqual({ echo: { email: 'ann@example.com' } });
  });

  it('gives the route the request id, its logger and a time budget from the Lambda deadline', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z') });
    const { log, entries } = aCapturedLog();
    let seen: RequestContext | undefined;
    const handler = apiHandler(
      depsWith(log),
      {
        'POST /api/session': publicRoute(async (ctx) => {
          seen = ctx;
          ctx.log.info('signing in');
          return { status: 204 };
        }),
      },
      NO_EARLY_TIMEOUT,
    );

    await handler(
      viaSite(
        anApiEvent('POST /api/session', {
          headers: { 'content-type': 'application/json' },
          requestId: 'req-5',
        }),
      ),
      aLambdaContext(8_000),
    );

    expect(seen?.requestId).toBe('req-5');
    expect(seen?.route.path).toBe('/api/session');
    expect(seen?.budget.remainingMs()).toBe(8_000 - BUDGET_RESERVE_MS);
    expect(entries()[0]).toMatchObject({ message: 'signing in', requestId: 'req-5' });
  });

  it('answers a route still running at the Lambda deadline with our 503 and Retry-After', async () => {
    const { log, entries } = aCapturedLog();
    const handler = apiHandler(depsWith(log), {
      'POST /api/session': publicRoute(() => new Promise(() => {})),
    });

    // Production's early timeout: 500 ms before the deadline, which is 510 ms away.
    const response = await handler(viaSite(jsonPost('POST /api/session', {})), aLambdaContext(510));

    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ ...API_SECURITY_HEADERS, 'retry-after': '5' });
    expect(bodyOf(response).error).toEqual({
      code: 'qbo_unavailable',
      message: 'This took too long to finish; try again in a moment',
      details: { retryAfterSeconds: 5 },
    });
    expect(entries().at(-1)).toMatchObject({ message: 'request', status: 503 });
  });

  it('runs the session gate before reading the body, so a signed-out form post hears 401', async () => {
    const handler = apiHandler(
      depsWith(),
      { 'POST /api/issues': async () => ({ status: 201 }) },
      NO_EARLY_TIMEOUT,
    );

    const response = await handler(
      viaSite(anApiEvent('POST /api/issues', { headers: { 'content-type': 'text/plain' }, body: 'x' })),
      aLambdaContext(),
    );

    expect(response.statusCode).toBe(401);
    expect(bodyOf(response).error.code).toBe('unauthenticated');
  });
});
