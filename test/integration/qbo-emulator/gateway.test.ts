import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../local/qbo-emulator';
import {
  authorizeUrl,
  type ConnectedCompany,
  connectCompany,
  faultOf,
  gatewayFaultOf,
  type QboApi,
  qboApi,
  salesLine,
  startTestQboEmulator,
} from '../../support/qbo-emulator';

let emulator: QboEmulator;
let company: ConnectedCompany;
let api: QboApi;

beforeAll(async () => {
  emulator = await startTestQboEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  emulator.reset();
  company = await connectCompany(emulator);
  api = qboApi(emulator, company);
  await api.post('customer', { DisplayName: 'Requestor' });
});

const invoiceBody = { CustomerRef: { value: '1' }, Line: [salesLine(120)] };

const countInvoices = async () =>
  (await api.query('select count(*) from Invoice')).body.QueryResponse.totalCount;

describe('requestid idempotency', () => {
  it('replays the first response for a repeated requestid and creates one invoice', async () => {
    const first = await api.post('invoice?requestid=issue-17-create&minorversion=75', invoiceBody);
    const second = await api.post('invoice?requestid=issue-17-create&minorversion=75', invoiceBody);

    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(await countInvoices()).toBe(1);
  });

  it('treats a Request-Id header like the requestid parameter', async () => {
    await api.post('invoice', invoiceBody, { 'Request-Id': 'header-key' });
    const second = await api.post('invoice', invoiceBody, { 'Request-Id': 'header-key' });

    expect(second.body.Invoice.Id).toBe('1');
    expect(await countInvoices()).toBe(1);
  });

  it('replays a validation fault for the same requestid', async () => {
    const first = await api.post('invoice?requestid=bad-once', { CustomerRef: { value: '1' } });
    const second = await api.post('invoice?requestid=bad-once', invoiceBody);

    expect(second.status).toBe(400);
    expect(second.body).toEqual(first.body);
  });

  it('runs requests with different requestids separately', async () => {
    await api.post('invoice?requestid=a', invoiceBody);
    await api.post('invoice?requestid=b', invoiceBody);

    expect(await countInvoices()).toBe(2);
  });

  it('keeps requestids per company', async () => {
    const other = qboApi(emulator, await connectCompany(emulator, '9341450000000002'));
    await other.post('customer', { DisplayName: 'Requestor' });

    await api.post('invoice?requestid=shared', invoiceBody);
    const otherInvoice = await other.post('invoice?requestid=shared', invoiceBody);

    expect(otherInvoice.body.Invoice.CustomerRef.value).toBe('1');
    expect(otherInvoice.body.Invoice.Id).toBe('1');
    expect(await countInvoices()).toBe(1);
  });

  it('refuses a requestid longer than 50 characters', async () => {
    const result = await api.post(`invoice?requestid=${'r'.repeat(51)}`, invoiceBody);

    expect(result.status).toBe(400);
    expect(await countInvoices()).toBe(0);
  });
});

describe('requests shaped like third-party clients', () => {
  it('ignores format=json, an old minorversion and unknown parameters', async () => {
    const result = await api.get('customer/1?format=json&minorversion=4&foo=bar');

    expect(result.status).toBe(200);
    expect(result.body.Customer.DisplayName).toBe('Requestor');
  });

  it('answers JSON when the Accept header is missing', async () => {
    const response = await fetch(`${emulator.url}/v3/company/${company.realmId}/customer/1`, {
      headers: { authorization: `Bearer ${company.accessToken}` },
    });

    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers an unknown path with 400 code 500 Unsupported Operation, not 404', async () => {
    const result = await api.get('widgets/1');

    expect(result.status).toBe(400);
    expect(faultOf(result)).toMatchObject({ code: '500', Message: 'Unsupported Operation' });
  });

  it('reads CompanyInfo by realm and by query', async () => {
    const read = await api.get(`companyinfo/${company.realmId}`);
    const query = await api.query('select * from CompanyInfo');

    expect(read.body.CompanyInfo.CompanyName).toBe('Sandbox Company US 1');
    expect(query.body.QueryResponse.CompanyInfo[0].CompanyName).toBe('Sandbox Company US 1');
  });
});

describe('authentication at the gateway', () => {
  it('answers 401 code 3200 in the lowercase fault shape for an unknown token', async () => {
    const result = await qboApi(emulator, { ...company, accessToken: 'x'.repeat(40) }).get('customer/1');

    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ fault: { type: 'AUTHENTICATION' }, time: expect.any(Number) });
    expect(gatewayFaultOf(result)?.code).toBe('3200');
  });

  it('answers 401 without an Authorization header', async () => {
    const response = await fetch(`${emulator.url}/v3/company/${company.realmId}/customer/1`);

    expect(response.status).toBe(401);
  });
});

describe('throttling', () => {
  it('answers 429 code 3001 with Retry-After past the per-minute limit, and recovers a minute later', async () => {
    emulator.updateSettings({ throttlePerMinute: 3 });
    for (let call = 0; call < 3; call += 1) await api.get('customer/1');

    const throttled = await api.get('customer/1');
    emulator.advanceClock(60);
    const later = await api.get('customer/1');

    expect(throttled.status).toBe(429);
    expect(gatewayFaultOf(throttled)).toMatchObject({
      code: '3001',
      message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
    });
    expect(throttled.body.fault.type).toBe('SERVICE');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(later.status).toBe(200);
  });

  it('answers 429 past the concurrent request limit', async () => {
    emulator.updateSettings({ maxConcurrent: 2 });
    emulator.injectFault({ path: `/v3/company/${company.realmId}/customer`, latencyMs: 750, times: 2 });

    const results = await Promise.all([api.get('customer/1'), api.get('customer/1'), api.get('customer/1')]);

    expect(results.map((result) => result.status).sort()).toEqual([200, 200, 429]);
  });

  it('counts limits per company', async () => {
    emulator.updateSettings({ throttlePerMinute: 1 });
    const other = qboApi(emulator, await connectCompany(emulator, '9341450000000002'));
    await api.get('customer/1');

    const result = await other.query('select count(*) from Customer');

    expect(result.status).toBe(200);
  });
});

describe('fault injection', () => {
  it.each([
    [500, 'fault'],
    [503, undefined],
    [401, 'fault'],
  ])('answers an injected %i for the next call only', async (status, shape) => {
    const path = `/v3/company/${company.realmId}/invoice`;
    await fetch(`${emulator.url}/__control/faults`, {
      method: 'POST',
      body: JSON.stringify({ method: 'POST', path, status, times: 1 }),
    });

    const failed = await api.post('invoice', invoiceBody);
    const next = await api.post('invoice', invoiceBody);

    expect(failed.status).toBe(status);
    if (shape) expect(failed.body).toHaveProperty(shape);
    expect(next.status).toBe(200);
    expect(await countInvoices()).toBe(1);
  });

  it('matches routes by regular expression when the path starts with ^', async () => {
    emulator.injectFault({ path: '^/v3/company/[^/]+/query', status: 500, code: '10000', times: 1 });

    const result = await api.query('select * from Customer');

    expect(result.status).toBe(500);
    expect(gatewayFaultOf(result)?.code).toBe('10000');
  });

  it('injects faults on the token endpoint too', async () => {
    emulator.injectFault({ path: '/oauth2/v1/tokens/bearer', status: 400, times: 1 });

    const response = await fetch(emulator.endpoints.tokenEndpoint, { method: 'POST' });

    expect(response.status).toBe(400);
  });

  it('stops injecting after DELETE /__control/faults', async () => {
    emulator.injectFault({ path: '/v3/', status: 500, times: 5 });

    await fetch(`${emulator.url}/__control/faults`, { method: 'DELETE' });

    expect((await api.get('customer/1')).status).toBe(200);
  });

  it('refuses a fault without status or latency', async () => {
    const response = await fetch(`${emulator.url}/__control/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: '/v3/' }),
    });

    expect(response.status).toBe(400);
  });
});

describe('call counts', () => {
  it('counts calls per endpoint with the realm and ids generalised', async () => {
    await fetch(`${emulator.url}/__control/calls`, { method: 'DELETE' });

    await api.post('invoice', invoiceBody);
    await api.get('invoice/1');
    await api.get('invoice/1');
    await api.query('select * from Invoice');
    const counts = await (await fetch(`${emulator.url}/__control/calls`)).json();

    expect(counts).toEqual({
      'POST /v3/company/:realm/invoice': 1,
      'GET /v3/company/:realm/invoice/:id': 2,
      'GET /v3/company/:realm/query': 1,
    });
  });

  it('counts OAuth calls too', async () => {
    emulator.resetCallCounts();

    await connectCompany(emulator);

    expect(emulator.callCounts()).toMatchObject({
      'POST /oauth2/v1/tokens/bearer': 1,
      'GET /connect/oauth2': 1,
    });
  });
});

describe('intuit_tid', () => {
  it.each([
    ['the consent page', () => fetch(authorizeUrl(emulator))],
    ['an authorize error page', () => fetch(authorizeUrl(emulator, { client_id: 'nope' }))],
    ['the token endpoint', () => fetch(emulator.endpoints.tokenEndpoint, { method: 'POST' })],
    ['the revoke endpoint', () => fetch(emulator.endpoints.revokeEndpoint, { method: 'POST' })],
    ['discovery', () => fetch(emulator.endpoints.discoveryUrl)],
    ['an API read', () => fetch(`${emulator.url}/v3/company/${company.realmId}/customer/1`, authorized())],
    ['an API fault', () => fetch(`${emulator.url}/v3/company/${company.realmId}/customer/99`, authorized())],
    ['a 401', () => fetch(`${emulator.url}/v3/company/${company.realmId}/customer/1`)],
    ['a web page', () => fetch(`${emulator.url}/app/homepage`)],
    ['an unknown URL', () => fetch(`${emulator.url}/nowhere`)],
  ])('is on every response, including %s', async (_case, call) => {
    const response = await call();

    expect(response.headers.get('intuit_tid')).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });
});

const authorized = () => ({ headers: { authorization: `Bearer ${company.accessToken}` } });
