import { describe, expect, it } from 'vitest';
import { accessLog, requestStateOf } from '../../../../../shared/http/middlewares/access-log';
import { errorMapper } from '../../../../../shared/http/middlewares/error-mapper';
import { jsonBody } from '../../../../../shared/http/middlewares/json-body';
import type { ApiEvent } from '../../../../../shared/http/types';
import { aCapturedLog, aLambdaContext, anApiEvent, bodyOf, ok, stackOf } from '../fake-api';

/** Runs the JSON body middleware; answers what the route would have seen as its body. */
const send = async (event: ApiEvent) => {
  const { log } = aCapturedLog();
  let seen: unknown;
  const handler = stackOf([accessLog(log), errorMapper(log), jsonBody()], async (_event, context) => {
    seen = requestStateOf(context).body;
    return ok;
  });
  const response = await handler(event, aLambdaContext());
  return { response, seen };
};

describe('the JSON body', () => {
  it('hands the route the parsed body', async () => {
    const { seen } = await send(
      anApiEvent('POST /api/issues', {
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"title":"Printer jam"}',
      }),
    );

    expect(seen).toEqual({ title: 'Printer jam' });
  });

  it('reads a body the gateway sent base64-encoded', async () => {
    const { seen } = await send(
      anApiEvent('POST /api/issues', {
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('{"title":"Café"}').toString('base64'),
        isBase64Encoded: true,
      }),
    );

    expect(seen).toEqual({ title: 'Café' });
  });

  it('leaves the body undefined when the request has none', async () => {
    const { response, seen } = await send(anApiEvent('GET /api/issues'));

    expect(response.statusCode).toBe(200);
    expect(seen).toBeUndefined();
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    'refuses a %s that does not say JSON, as a cross-site form would send it',
    async (method) => {
      const { response, seen } = await send(
        anApiEvent(`${method} /api/issues`, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'title=Printer+jam',
        }),
      );

      expect(response.statusCode).toBe(400);
      expect(bodyOf(response).error).toEqual({
        code: 'validation_failed',
        message: 'Requests that change data must be sent as JSON',
        details: {
          fieldErrors: { 'content-type': ['Send the request as JSON with Content-Type: application/json'] },
        },
      });
      expect(seen).toBeUndefined();
    },
  );

  it('refuses a change with no content type at all', async () => {
    const { response } = await send(anApiEvent('DELETE /api/session'));

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.details.fieldErrors).toHaveProperty('content-type');
  });

  it('answers 400 on the body when the JSON does not parse', async () => {
    const { response } = await send(
      anApiEvent('POST /api/issues', { headers: { 'content-type': 'application/json' }, body: '{"title":' }),
    );

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error).toEqual({
      code: 'validation_failed',
      message: 'The request body is not valid JSON',
      details: { fieldErrors: { body: ['The request body is not valid JSON'] } },
    });
  });
});
