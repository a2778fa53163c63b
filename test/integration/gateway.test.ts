import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../local/gateway';
import { API_SECURITY_HEADERS } from '../../shared/http/security-headers';
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
  site = await startGateway({ port: 0, webRoot });
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

describe('a function out of time', () => {
  it('answers as API Gateway does when the function has not answered by its timeout', async () => {
    // Sign-in hashes a password (scrypt, tens of milliseconds at least): it cannot answer in 1 ms.
    const hurried = await startGateway({
      port: 0,
      webRoot: tmpdir(),
      functionTimeoutSeconds: { session: 0.001 },
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
