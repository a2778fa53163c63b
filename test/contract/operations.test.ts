import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteKey, routeKeyOf } from '../../shared/routes';
import { startTestApp, type TestApp } from '../support/app-harness';
import { type ContractProxy, startContractProxy } from '../support/contract-proxy';
import { billingArea } from './areas/billing';
import { issuesArea } from './areas/issues';
import {
  type ContractArea,
  type ContractContext,
  exchangeLog,
  startContractContext,
} from './contract-context';

// Every operation of docs/openapi.json, through Stoplight Prism's validating proxy in front of the
// local stack: each answers at least once with a success and once with an error, and no answer breaks
// the document. Each area's cases are in ./areas.
const AREAS: readonly ContractArea[] = [issuesArea, billingArea];

let app: TestApp;
let proxy: ContractProxy;
let context: ContractContext;
const log = exchangeLog();

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  proxy = await startContractProxy(app.baseUrl);
  context = await startContractContext(app, proxy, log);
});
afterAll(async () => {
  await proxy?.close();
  await app?.close();
});
afterEach(() => log.expectContractKept());

for (const area of AREAS) describe(area.name, () => area.cases(() => context));

describe('coverage', () => {
  it('exercises each operation of each area with a success and an error', () => {
    log.expectCovered(AREAS.flatMap((area) => area.routes));
  });

  it('has an area for every route', () => {
    const covered = new Set<string>(AREAS.flatMap((area) => area.routes));
    expect(ROUTES.map(routeKeyOf).filter((key) => !covered.has(key as RouteKey))).toEqual([]);
  });
});
