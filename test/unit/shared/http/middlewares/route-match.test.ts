import { describe, expect, it } from 'vitest';
import { accessLog, requestStateOf } from '../../../../../shared/http/middlewares/access-log';
import { errorMapper } from '../../../../../shared/http/middlewares/error-mapper';
import { routeMatch } from '../../../../../shared/http/middlewares/route-match';
import { aCapturedLog, aLambdaContext, anApiEvent, bodyOf, ok, stackOf } from '../fake-api';

const listIssues = async () => ({ status: 200, body: [] });

describe('matching the route', () => {
  it('hands the route its entry in the route table', async () => {
    const { log } = aCapturedLog();
    let access: unknown;
    const handler = stackOf(
      [accessLog(log), routeMatch({ 'GET /api/issues': listIssues })],
      async (_event, context) => {
        access = requestStateOf(context).route?.definition.access;
        return ok;
      },
    );

    await handler(anApiEvent('GET /api/issues'), aLambdaContext());

    expect(access).toMatchObject({ kind: 'signed-in' });
  });

  it.each([
    ['a route another Lambda serves', 'GET /api/users'],
    ['a route not in the route table', 'GET /api/nowhere'],
  ] as const)('answers 404 not_found for %s', async (_case, routeKey) => {
    const { log } = aCapturedLog();
    const handler = stackOf(
      [accessLog(log), errorMapper(log), routeMatch({ 'GET /api/issues': listIssues })],
      async () => ok,
    );

    const response = await handler(anApiEvent(routeKey), aLambdaContext());

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response).error).toEqual({
      code: 'not_found',
      message: `No route for ${routeKey}`,
    });
  });
});
