import { describe, expect, it, vi } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors';
import { toErrorResponse } from '../../../../shared/http/error-response';
import { createLogger } from '../../../../shared/platform/logger';
import { QboFaultError, QboNotConnectedError, QboThrottledError } from '../../../../shared/qbo/qbo-errors';

const silentLog = () => {
  const lines: string[] = [];
  return { log: createLogger('debug', {}, (line) => lines.push(line)), lines };
};

describe('mapping errors to HTTP', () => {
  it.each([
    [new ValidationError({ email: ['bad'] }), 400],
    [new NotFoundError('User'), 404],
    [new ConflictError('stale'), 409],
    [new QboNotConnectedError(), 409],
    [new QboFaultError(400, [{ code: '6000', message: 'QBO said no' }], 'tid-1'), 502],
  ])('answers %s with %i and the error shape', (error, status) => {
    const { log } = silentLog();

    const response = toErrorResponse(error, log);

    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: { code: error.code, message: error.message } });
  });

  it('hides the cause of an unexpected error and logs it', () => {
    const { log, lines } = silentLog();

    const response = toErrorResponse(new Error('db password is hunter2'), log);

    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
    expect(lines.join('\n')).toContain('unexpected error');
  });

  it('sends Retry-After when QBO throttles', () => {
    const { log } = silentLog();

    const response = toErrorResponse(new QboThrottledError(7), log);

    expect(response.status).toBe(429);
    expect(response.headers?.['retry-after']).toBe('7');
  });

  it('does not log 4xx errors as failures', () => {
    const write = vi.fn();

    toErrorResponse(new NotFoundError('Issue'), createLogger('debug', {}, write));

    expect(write).not.toHaveBeenCalled();
  });
});
