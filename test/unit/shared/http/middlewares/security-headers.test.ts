import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../../../shared/errors';
import { accessLog } from '../../../../../shared/http/middlewares/access-log';
import { errorMapper } from '../../../../../shared/http/middlewares/error-mapper';
import { securityHeaders } from '../../../../../shared/http/middlewares/security-headers';
import { API_SECURITY_HEADERS } from '../../../../../shared/http/security-headers';
import type { ApiResponse } from '../../../../../shared/http/types';
import { aCapturedLog, aLambdaContext, anApiEvent, ok, stackOf } from '../fake-api';

const answer = (route: () => Promise<ApiResponse>) => {
  const { log } = aCapturedLog();
  return stackOf([accessLog(log), securityHeaders(), errorMapper(log)], route)(
    anApiEvent('GET /api/issues'),
    aLambdaContext(),
  );
};

describe('the security headers', () => {
  it('come with a successful answer', async () => {
    const response = await answer(async () => ok);

    expect(response.headers).toMatchObject(API_SECURITY_HEADERS);
  });

  it('come with an error answer too', async () => {
    const response = await answer(async () => {
      throw new ForbiddenError();
    });

    expect(response.statusCode).toBe(403);
    expect(response.headers).toMatchObject(API_SECURITY_HEADERS);
  });

  it('say JSON when the answer has a body', async () => {
    const response = await answer(async () => ok);

    expect(response.headers?.['content-type']).toBe('application/json; charset=utf-8');
  });

  it('claim no content type for an empty answer', async () => {
    const response = await answer(async () => ({ statusCode: 204, headers: {}, body: '' }));

    expect(response.headers).not.toHaveProperty('content-type');
  });

  it("keep the route's own headers, such as a redirect's location", async () => {
    const response = await answer(async () => ({
      statusCode: 302,
      headers: { location: 'https://appcenter.intuit.com/connect/oauth2' },
      body: '',
    }));

    expect(response.headers).toMatchObject({
      ...API_SECURITY_HEADERS,
      location: 'https://appcenter.intuit.com/connect/oauth2',
    });
  });
});
