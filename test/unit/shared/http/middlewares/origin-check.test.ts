import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTable } from '../../../../../shared/db/table';
import { apiHandler } from '../../../../../shared/http/api-handler';
import { API_SECURITY_HEADERS } from '../../../../../shared/http/security-headers';
import type { OriginSecret, OriginSecretLoader } from '../../../../../shared/origin/origin-secret';
import { ORIGIN_HEADER } from '../../../../../shared/origin/origin-secret';
import { aCapturedLog, aLambdaContext, anApiEvent, anOriginSecret, bodyOf, jsonPost } from '../fake-api';

const CURRENT = 'current-origin-value-0123456789abcdefghij';
const PREVIOUS = 'previous-origin-value-0123456789abcdefghij';
const ROTATED = 'rotated-origin-value-0123456789abcdefghijk';

const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => {
  ddb.reset();
  ddb.on(BatchGetCommand).resolves({ Responses: {} });
});

/** The whole stack as a Lambda builds it, around a signed-in route and a public one that count their runs. */
const anApi = (
  originSecret: OriginSecretLoader = anOriginSecret({ current: CURRENT, previous: PREVIOUS }),
) => {
  const captured = aCapturedLog();
  const routes = {
    signedIn: vi.fn(async () => ({ status: 200 })),
    signIn: vi.fn(async () => ({ status: 200 })),
  };
  const handler = apiHandler(
    {
      table: createTable({ tableName: 'deskbooks-test', region: 'us-east-1' }),
      now: () => new Date('2026-03-01T12:00:00Z'),
      log: captured.log,
      originSecret,
    },
    { 'GET /api/issues': routes.signedIn, 'POST /api/session': { public: true, run: routes.signIn } },
    { timeoutEarlyInMillis: 0 },
  );
  return { handler, routes, ...captured };
};

// Well formed, so the session gate looks it up (and finds nothing).
const SESSION_COOKIE = 'sid=0f0e0d0c-0b0a-4908-8706-050403020100.token';

const withOrigin = (value: string | undefined, cookie = SESSION_COOKIE) =>
  anApiEvent('GET /api/issues', {
    cookies: [cookie],
    headers: value === undefined ? {} : { [ORIGIN_HEADER]: value },
  });

describe('the origin check', () => {
  it.each([
    ['without the origin header', undefined],
    ['with an empty one', ''],
    ['with a wrong value', 'guessed-value'],
    ['with the current value off by one character', `${CURRENT.slice(0, -1)}k`],
  ])(
    'refuses a request %s with 403 origin_refused, before the session is looked up',
    async (_case, value) => {
      const { handler, routes } = anApi();

      const response = await handler(withOrigin(value), aLambdaContext());

      expect(response.statusCode).toBe(403);
      expect(bodyOf(response)).toEqual({
        error: { code: 'origin_refused', message: "Use the site's address" },
      });
      expect(response.headers).toMatchObject(API_SECURITY_HEADERS);
      expect(routes.signedIn).not.toHaveBeenCalled();
      expect(ddb.calls()).toHaveLength(0);
    },
  );

  it('refuses a sign-in without the header before reading its body or running it', async () => {
    const { handler, routes } = anApi();

    const response = await handler(
      anApiEvent('POST /api/session', { headers: { 'content-type': 'text/plain' }, body: 'not json' }),
      aLambdaContext(),
    );

    expect(response.statusCode).toBe(403);
    expect(bodyOf(response).error.code).toBe('origin_refused');
    expect(routes.signIn).not.toHaveBeenCalled();
  });

  it.each([
    ['current', CURRENT],
    ['previous (CloudFront edges not yet on the rotated value)', PREVIOUS],
  ])('lets a request with the %s value through to the session gate', async (_case, value) => {
    const { handler } = anApi();

    const response = await handler(withOrigin(value), aLambdaContext());

    expect(response.statusCode).toBe(401);
    expect(ddb.calls().length).toBeGreaterThan(0);
  });

  it('never accepts an empty previous value', async () => {
    const { handler } = anApi(anOriginSecret({ current: CURRENT, previous: '' }));

    const response = await handler(
      { ...jsonPost('POST /api/session', {}), headers: { [ORIGIN_HEADER]: '' } },
      aLambdaContext(),
    );

    expect(response.statusCode).toBe(403);
  });

  it('reads the secret again before refusing a value it does not hold, and accepts a value just rotated in', async () => {
    let held: OriginSecret = { current: CURRENT, previous: '' };
    const reload = vi.fn(async () => held);
    const { handler } = anApi({ values: async () => ({ current: CURRENT, previous: '' }), reload });
    held = { current: ROTATED, previous: CURRENT };

    const response = await handler(withOrigin(ROTATED), aLambdaContext());

    expect(reload).toHaveBeenCalledOnce();
    expect(response.statusCode).toBe(401);
  });

  it('never writes the header’s value to the log', async () => {
    const { handler, text } = anApi();

    await handler(withOrigin('an-attacker-guess-of-the-origin-value'), aLambdaContext());
    await handler(withOrigin(CURRENT), aLambdaContext());

    expect(text()).toContain('"status":403');
    expect(text()).not.toContain('an-attacker-guess');
    expect(text()).not.toContain(CURRENT);
  });

  it('answers 500 and runs nothing when the secret cannot be read at all', async () => {
    const { handler, routes } = anApi({
      values: async () => {
        throw new Error('Secrets Manager is not answering');
      },
      reload: async () => {
        throw new Error('Secrets Manager is not answering');
      },
    });

    const response = await handler(withOrigin(CURRENT), aLambdaContext());

    expect(response.statusCode).toBe(500);
    expect(routes.signedIn).not.toHaveBeenCalled();
    expect(ddb.calls()).toHaveLength(0);
  });
});
