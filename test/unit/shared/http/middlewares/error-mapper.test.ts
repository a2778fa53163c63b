import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../../../../shared/errors';
import { accessLog } from '../../../../../shared/http/middlewares/access-log';
import { errorMapper } from '../../../../../shared/http/middlewares/error-mapper';
import { QboThrottledError } from '../../../../../shared/qbo/qbo-errors';
import { aCapturedLog, aLambdaContext, anApiEvent, bodyOf, stackOf } from '../fake-api';

/** Runs a route that throws `error` through the error mapper. */
const failWith = async (error: unknown) => {
  const captured = aCapturedLog();
  const handler = stackOf([accessLog(captured.log), errorMapper(captured.log)], async () => {
    throw error;
  });
  const response = await handler(
    anApiEvent('PATCH /api/issues/{id}', { requestId: 'req-42' }),
    aLambdaContext(),
  );
  return { response, ...captured };
};

describe('the error mapper', () => {
  it('answers a domain error with its status and the error shape', async () => {
    const { response } = await failWith(new ConflictError('Someone else changed this issue', { version: 3 }));

    expect(response.statusCode).toBe(409);
    expect(bodyOf(response)).toEqual({
      error: { code: 'conflict', message: 'Someone else changed this issue', details: { version: 3 } },
    });
  });

  it('leaves details out when the error has none', async () => {
    const { response } = await failWith(new ConflictError('Someone else changed this issue'));

    expect(bodyOf(response).error).not.toHaveProperty('details');
  });

  it('says which field is wrong and why', async () => {
    const { response } = await failWith(ValidationError.forField('title', 'Enter a title'));

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.details).toEqual({ fieldErrors: { title: ['Enter a title'] } });
  });

  it('sends Retry-After from the error', async () => {
    const { response } = await failWith(new QboThrottledError(7));

    expect(response.statusCode).toBe(429);
    expect(response.headers?.['retry-after']).toBe('7');
  });

  it('answers an unexpected error with a 500 that says nothing of the cause', async () => {
    const { response } = await failWith(new Error('db password is hunter2'));

    expect(response.statusCode).toBe(500);
    expect(bodyOf(response)).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong on our side. Try again later.' },
    });
  });

  it('logs an unexpected error with the request id', async () => {
    const { entries } = await failWith(new TypeError('x is undefined'));

    expect(entries()).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'unexpected error',
        requestId: 'req-42',
        error: expect.objectContaining({ message: 'x is undefined' }),
      }),
    );
  });
});
