import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startApiEndpoint } from '../../local/gateway';
import { ROUTES, type RouteKey, routeKeyOf } from '../../shared/routes';
import { startTestApp, type TestApp } from '../support/app-harness';
import { type ContractProxy, startContractProxy } from '../support/contract-proxy';
import { accountsArea } from './areas/accounts';
import { billingArea } from './areas/billing';
import { issuesArea } from './areas/issues';
import { quickbooksArea } from './areas/quickbooks';
import { sessionMfaArea } from './areas/session-mfa';
import { settingsArea } from './areas/settings';
import {
  type ContractArea,
  type ContractContext,
  exchangeLog,
  startContractContext,
} from './contract-context';

// Every operation of docs/openapi.json, through Stoplight Prism's validating proxy in front of the
// local stack: each answers at least once with a success and once with an error, and no answer breaks
// the document. Each area's cases are in ./areas.

const AREAS: readonly ContractArea[] = [
  accountsArea,
  billingArea,
  issuesArea,
  quickbooksArea,
  sessionMfaArea,
  settingsArea,
];

let app: TestApp;
let proxy: ContractProxy;
let apiEndpoint: Gateway;
let proxyAroundTheSite: ContractProxy;
let context: ContractContext;
const log = exchangeLog();

beforeAll(async () => {
  // Passkeys need `localhost`: WebAuthn refuses an IP address as the relying party id.
  app = await startTestApp({ qbo: true, host: 'localhost' });
  proxy = await startContractProxy(app.baseUrl);
  apiEndpoint = await startApiEndpoint({ port: 0 });
  proxyAroundTheSite = await startContractProxy(apiEndpoint.url);
  context = await startContractContext(
    app,
    { site: proxy, aroundTheSite: { proxy: proxyAroundTheSite, upstream: apiEndpoint.url } },
    log,
  );
});
afterAll(async () => {
  await proxyAroundTheSite?.close();
  await apiEndpoint?.close();
  await proxy?.close();
  await app?.close();
});
afterEach(() => log.expectContractKept());

for (const area of AREAS) describe(area.name, () => area.cases(() => context));

// Every route, public ones too: API Gateway's own address is public, and only the site's origin
// header tells a request that came through CloudFront from one that did not.
describe("around the site: API Gateway's own endpoint", () => {
  it.each(ROUTES.map(routeKeyOf))('refuses %s with 403 origin_refused, even signed in', async (routeKey) => {
    const [method = '', template = ''] = routeKey.split(' ');
    const path = template.replace(/\{\w+\}/g, '1');
    const body = method === 'GET' ? undefined : {};
    for (const client of [context.aroundTheSite(), context.aroundTheSite('admin')]) {
      const refused = await client.request(method, path, body);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('origin_refused');
    }
  });
});

describe('coverage', () => {
  it('exercises each operation of each area with a success and an error', () => {
    log.expectCovered(AREAS.flatMap((area) => area.routes));
  });

  it('has an area for every route', () => {
    const covered = new Set<string>(AREAS.flatMap((area) => area.routes));
    expect(ROUTES.map(routeKeyOf).filter((key) => !covered.has(key as RouteKey))).toEqual([]);
  });
});
