import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../local/gateway';
import { invokeLambda, type LambdaFunction } from '../../local/lambda-invoke';
import { API_SECURITY_HEADERS } from '../../shared/http/security-headers';
import { ORIGIN_HEADER } from '../../shared/origin/origin-secret';
import { WEB_SECURITY_HEADERS } from '../../shared/web-security-headers';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { aUser, signedInClient } from '../support/builders';

// The local gateway stands in for API Gateway and CloudFront: what it answers itself (no route, the
// web app, a function out of time) must look as deployed, and it must hand handlers what they can refuse.

const INDEX_HTML = '<!doctype html><title>Deskbooks</title>';

let app: TestApp;
let staff: TestClient;
let site: Gateway;
beforeAll(async () => {
  app = await startTestApp();
  staff = await signedInClient(app, await aUser(app, { role: 'staff' }));
  const webRoot = mkdtempSync(join(tmpdir(), 'deskbooks-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), INDEX_HTML);
  writeFileSync(join(webRoot, 'assets', 'app-1234.js'), 'console.log(1);');
  site = await startGateway({ port: 0, webRoot, originSecretFile: app.originSecretFile });
});
afterAll(async () => {
  await site.close();
  await app.close();
});

const headersOf = (response: Response | { headers: Headers }) => Object.fromEntries(response.headers);

describe('API paths without a route', () => {
  it('answers an unknown path with a 404 in the API’s error shape and headers', async () => {
    const response = await app.client().request('GET', '/api/no-such-thing');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({
      error: { code: 'not_found', message: 'No route for GET /api/no-such-thing' },
    });
    expect(headersOf(response)).toMatchObject(API_SECURITY_HEADERS);
  });

  it('answers a method the path does not take with a 405 naming the ones it does', async () => {
    const response = await app.client().request('PUT', '/api/issues', {});

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(response.body).toEqual({ error: { code: 'not_found', message: 'No route for PUT /api/issues' } });
    expect(headersOf(response)).toMatchObject(API_SECURITY_HEADERS);
  });
});

describe('path parameters that do not decode', () => {
  it.each([
    ['/api/users/%E0%A4%A', 'Not a user id'],
    ['/api/users/%zz', 'Not a user id'],
    ['/api/issues/%E0%A4%A', 'Not an issue number'],
    ['/api/issues/%', 'Not an issue number'],
  ])('hands %s to the handler as sent, which refuses it with a 400 on id', async (path, why) => {
    const response = await staff.request('GET', path);

    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'validation_failed',
      details: { fieldErrors: { id: [why] } },
    });
  });
});

describe('the web app', () => {
  it.each([
    ['the app shell', '/'],
    ['a client-side route', '/issues/7'],
    ['a path that does not decode', '/users/%E0%A4%A'],
    ['a path that climbs out of the web root', '/..%2f..%2fetc%2fpasswd'],
  ])('serves index.html for %s with the headers CloudFront adds', async (_what, path) => {
    const response = await fetch(`${site.url}${path}`);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
    expect(headersOf(response)).toMatchObject({ ...WEB_SECURITY_HEADERS, 'cache-control': 'no-cache' });
  });

  it('serves a hashed asset as immutable, with the same headers', async () => {
    const response = await fetch(`${site.url}/assets/app-1234.js`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(headersOf(response)).toMatchObject({
      ...WEB_SECURITY_HEADERS,
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
});

describe('the API only through the site', () => {
  const signIn = { email: 'nobody@example.com', password: 'not the password' };

  it('adds the origin header the handlers check, in place of one the caller sent', async () => {
    const response = await app
      .client()
      .request('POST', '/api/session', signIn, { [ORIGIN_HEADER]: 'a guess at the origin value' });

    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthenticated');
  });

  it('lets a signed-in caller through with the header it adds', async () => {
    const response = await staff.request('GET', '/api/session');

    expect(response.status).toBe(200);
  });

  it.each([
    ['no origin header', {}],
    ['a wrong one', { [ORIGIN_HEADER]: 'a guess at the origin value' }],
  ])('has a handler called around the site (%s) answer 403 origin_refused', async (_case, extra) => {
    const { handler } = (await import('../../functions/session/handler')) as {
      handler: LambdaFunction<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;
    };
    const event = directEvent('POST /api/session', JSON.stringify(signIn), extra);

    const outcome = await invokeLambda(handler, event, {
      functionName: 'deskbooks-session',
      timeoutSeconds: 5,
    });

    if (outcome.timedOut) throw new Error('the session handler did not answer');
    expect(outcome.value.statusCode).toBe(403);
    expect(outcome.value.headers).toMatchObject(API_SECURITY_HEADERS);
    expect(JSON.parse(outcome.value.body ?? '')).toEqual({
      error: { code: 'origin_refused', message: "Use the site's address" },
    });
  });
});

/** An event as API Gateway hands it to the Lambda when someone calls the API Gateway URL itself. */
const directEvent = (
  routeKey: string,
  body: string,
  headers: Record<string, string>,
): APIGatewayProxyEventV2 => {
  const [method = 'POST', path = '/'] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      ...headers,
    },
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl/8' },
      requestId: 'direct-1',
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
};

describe('a function out of time', () => {
  it('answers as API Gateway does when the function has not answered by its timeout', async () => {
    // Sign-in hashes a password (scrypt, tens of milliseconds at least): it cannot answer in 1 ms.
    const hurried = await startGateway({
      port: 0,
      webRoot: tmpdir(),
      functionTimeoutSeconds: { session: 0.001 },
      originSecretFile: app.originSecretFile,
    });
    try {
      const response = await fetch(`${hurried.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.com', password: 'not the password' }),
      });

      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ message: 'Service Unavailable' });
    } finally {
      await hurried.close();
    }
  });
});
