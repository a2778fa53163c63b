import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QboConnection } from '../../shared/qbo/qbo-connection';
import { startTestApp, type TestApp } from '../support/app-harness';
import { aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { answerConsent } from '../support/qbo-emulator';

const TOKEN_CALLS = 'POST /oauth2/v1/tokens/bearer';

let app: TestApp;
let qboRuntime: () => Promise<{ cipher: { decrypt(value: QboConnection['accessToken']): string } }>;
beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  ({ qboRuntime } = await import('../../shared/qbo/qbo-runtime'));
});
afterAll(() => app.close());
afterEach(() => {
  app.runtime.now = () => new Date();
  app.qbo?.clearFaults();
});

const staffClient = async () => signedInClient(app, await aUser(app, { role: 'staff' }));
const tokenCalls = () => app.qbo?.callCounts()[TOKEN_CALLS] ?? 0;

describe('connecting to QuickBooks', () => {
  it('goes through Intuit’s consent and comes back connected to the chosen page', async () => {
    const client = await staffClient();

    const flow = await connectQbo(app, client, { returnTo: '/users/abc' });

    const authorize = new URL(flow.authorizeUrl);
    expect(authorize.searchParams.get('scope')).toBe('com.intuit.quickbooks.accounting');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.baseUrl}/api/qbo/callback`);
    expect(flow.location).toBe('/users/abc?qbo=connected');
    const status = await client.request('GET', '/api/qbo/connection');
    expect(status.body).toMatchObject({
      connected: true,
      realmId: app.qbo?.companies[0]?.realmId,
      companyName: app.qbo?.companies[0]?.companyName,
      environment: 'sandbox',
    });
    expect(Date.parse(status.body.connectedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('returns to Settings when no page (or a foreign site) is given', async () => {
    const client = await staffClient();

    const flow = await connectQbo(app, client, { returnTo: 'https://evil.example/' });

    expect(flow.location).toBe('/settings?qbo=connected');
  });

  it('stores nothing when the user cancels on Intuit’s page', async () => {
    const client = await staffClient();

    const flow = await connectQbo(app, client, { decision: 'deny' });

    expect(flow.location).toBe('/settings?qboError=denied');
    expect((await client.request('GET', '/api/qbo/connection')).body).toEqual({ connected: false });
  });

  it('refuses a state used twice', async () => {
    const client = await staffClient();
    const flow = await connectQbo(app, client);
    await client.request('DELETE', '/api/qbo/connection');

    const replay = await client.request('GET', `${flow.callback.pathname}${flow.callback.search}`);

    expect(replay.headers.get('location')).toBe('/settings?qboError=state');
    expect((await client.request('GET', '/api/qbo/connection')).body).toEqual({ connected: false });
  });

  it('refuses a state that another session started', async () => {
    const victim = await staffClient();
    const attacker = await staffClient();
    const start = await attacker.request('GET', '/api/qbo/connect');
    const callback = await answerConsent(app.qbo as never, start.headers.get('location') ?? '');

    const finish = await victim.request('GET', `${callback.pathname}${callback.search}`);

    expect(finish.headers.get('location')).toBe('/settings?qboError=state');
    expect((await victim.request('GET', '/api/qbo/connection')).body).toEqual({ connected: false });
  });

  it('stores no token in plain text', async () => {
    const client = await staffClient();
    await connectQbo(app, client);

    const { Items = [] } = await app.runtime.table.doc.send(new ScanCommand({ TableName: app.tableName }));

    const dump = JSON.stringify(Items);
    const { cipher } = await qboRuntime();
    const connections = Items.filter((item) => item.SK === 'QBO#CONNECTION') as QboConnection[];
    expect(connections.length).toBeGreaterThan(0);
    for (const connection of connections) {
      const plaintexts = [cipher.decrypt(connection.accessToken), cipher.decrypt(connection.refreshToken)];
      for (const token of plaintexts) {
        expect(token.length).toBeGreaterThan(10);
        expect(dump).not.toContain(token);
      }
    }
  });

  it('does not let customers start a connection', async () => {
    const customer = await aUser(app, { role: 'customer', enabled: true, password: 'customer-pass-1' });
    const client = await signedInClient(app, customer, 'customer-pass-1');

    expect((await client.request('GET', '/api/qbo/connect')).status).toBe(403);
  });
});

describe('keeping the connection alive', () => {
  it('refreshes an expired access token without the user noticing', async () => {
    const client = await staffClient();
    await connectQbo(app, client);
    const before = tokenCalls();

    app.qbo?.advanceClock(3700);
    const status = await client.request('GET', '/api/qbo/connection');

    expect(status.body.connected).toBe(true);
    expect(status.body.needsReconnect).toBeUndefined();
    expect(tokenCalls() - before).toBe(1);
  });

  it('refreshes once for 20 concurrent requests, and all of them succeed', async () => {
    const client = await staffClient();
    await connectQbo(app, client);
    const before = tokenCalls();
    app.qbo?.advanceClock(3700);
    app.runtime.now = () => new Date(Date.now() + 3700 * 1000);

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => client.request('GET', '/api/qbo/connection')),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(responses.every((response) => response.body.connected && !response.body.needsReconnect)).toBe(
      true,
    );
    expect(tokenCalls() - before).toBe(1);
  });

  it('says "reconnect" with the reason when Intuit revoked the grant', async () => {
    const client = await staffClient();
    await connectQbo(app, client);

    app.qbo?.revokeAllTokens();
    const status = await client.request('GET', '/api/qbo/connection');

    expect(status.body.connected).toBe(true);
    expect(status.body.needsReconnect.reason).toMatch(/revoked or has expired/);
  });
});

describe('when QuickBooks is busy or failing', () => {
  it('retries a passing failure without the user noticing', async () => {
    const client = await staffClient();
    await connectQbo(app, client);
    app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 503, code: '10000', times: 2 });

    const status = await client.request('GET', '/api/qbo/connection');

    expect(status.status).toBe(200);
    expect(status.body.connected).toBe(true);
  });

  it('answers 429 qbo_throttled with Retry-After when QuickBooks keeps throttling', async () => {
    const client = await staffClient();
    await connectQbo(app, client);
    app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 429, code: '3001', times: 10 });

    const status = await client.request('GET', '/api/qbo/connection');

    expect(status.status).toBe(429);
    expect(status.body.error.code).toBe('qbo_throttled');
    expect(Number(status.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 503 qbo_unavailable when QuickBooks stays down', async () => {
    const client = await staffClient();
    await connectQbo(app, client);
    app.qbo?.injectFault({ method: 'GET', path: '/v3/company/', status: 503, code: '10000', times: 10 });

    const status = await client.request('GET', '/api/qbo/connection');

    expect(status.status).toBe(503);
    expect(status.body.error.code).toBe('qbo_unavailable');
  });
});

describe('disconnecting', () => {
  it('revokes the grant at Intuit and forgets the connection', async () => {
    const client = await staffClient();
    await connectQbo(app, client);
    const revokesBefore = app.qbo?.callCounts()['POST /v2/oauth2/tokens/revoke'] ?? 0;

    const response = await client.request('DELETE', '/api/qbo/connection');

    expect(response.status).toBe(204);
    expect(app.qbo?.callCounts()['POST /v2/oauth2/tokens/revoke']).toBe(revokesBefore + 1);
    expect((await client.request('GET', '/api/qbo/connection')).body).toEqual({ connected: false });
  });

  it('forgets a connection Intuit had already dropped', async () => {
    const client = await staffClient();
    await connectQbo(app, client);
    app.qbo?.revokeAllTokens();
    await client.request('GET', '/api/qbo/connection');

    const response = await client.request('DELETE', '/api/qbo/connection');

    expect(response.status).toBe(204);
    expect((await client.request('GET', '/api/qbo/connection')).body).toEqual({ connected: false });
  });
});
