import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../../../shared/errors';
import { accessLog, requestStateOf } from '../../../../../shared/http/middlewares/access-log';
import { errorMapper } from '../../../../../shared/http/middlewares/error-mapper';
import type { ApiMiddleware, Caller } from '../../../../../shared/http/types';
import { aCapturedLog, aLambdaContext, anApiEvent, ok, stackOf } from '../fake-api';

const signedInAs = (userId: string): ApiMiddleware => ({
  before: ({ context }) => {
    requestStateOf(context).caller = { user: { id: userId } } as Caller;
  },
});

describe('the access log', () => {
  it('writes one line per request with its id, method, path, status and duration', async () => {
    const { log, entries } = aCapturedLog();
    let clock = 1_000;
    const handler = stackOf([accessLog(log, () => clock)], async () => {
      clock += 42;
      return ok;
    });

    await handler(anApiEvent('GET /api/issues', { requestId: 'req-7' }), aLambdaContext());

    expect(entries()).toEqual([
      expect.objectContaining({
        message: 'request',
        requestId: 'req-7',
        route: 'GET /api/issues',
        method: 'GET',
        path: '/api/issues',
        status: 200,
        durationMs: 42,
      }),
    ]);
  });

  it('names the signed-in user on the line', async () => {
    const { log, entries } = aCapturedLog();
    const handler = stackOf([accessLog(log), signedInAs('user-9')], async () => ok);

    await handler(anApiEvent('GET /api/issues'), aLambdaContext());

    expect(entries()[0]).toMatchObject({ userId: 'user-9' });
  });

  it('logs the status of an error answer too', async () => {
    const { log, entries } = aCapturedLog();
    const handler = stackOf([accessLog(log), errorMapper(log)], async () => {
      throw new NotFoundError('Issue');
    });

    await handler(anApiEvent('GET /api/issues/{id}'), aLambdaContext());

    expect(entries().at(-1)).toMatchObject({ message: 'request', status: 404, requestId: 'req-1' });
  });

  it('gives the route a logger that carries the request id and the route', async () => {
    const { log, entries } = aCapturedLog();
    const handler = stackOf([accessLog(log)], async (_event, context) => {
      requestStateOf(context).log.info('looked up the issue');
      return ok;
    });

    await handler(anApiEvent('GET /api/issues/{id}', { requestId: 'req-3' }), aLambdaContext());

    expect(entries()[0]).toMatchObject({
      message: 'looked up the issue',
      requestId: 'req-3',
      route: 'GET /api/issues/{id}',
    });
  });

  it('makes up a request id when the gateway sent none', async () => {
    const { log, entries } = aCapturedLog();
    const handler = stackOf([accessLog(log)], async () => ok);

    await handler(anApiEvent('GET /api/issues', { requestId: '' }), aLambdaContext());

    expect(entries()[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes the cookie or the password of the request', async () => {
    const { log, text } = aCapturedLog();
    const handler = stackOf([accessLog(log)], async () => ok);
    const event = anApiEvent('POST /api/session', {
      headers: { 'content-type': 'application/json', cookie: 'sid=secret-session-token' },
      cookies: ['sid=secret-session-token'],
      body: JSON.stringify({ email: 'ann@example.com', password: 'hunter2-password' }),
    });

    await handler(event, aLambdaContext());

    expect(text()).not.toContain('secret-session-token');
    expect(text()).not.toContain('hunter2-password');
  });
});
