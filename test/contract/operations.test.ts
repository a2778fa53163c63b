import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

// Public, without input: no request a client can send makes it answer an error (a request that
// bypasses the site gets 403 origin_refused, which nothing through the site's gateway can send).
const NO_ERROR_ANSWER: readonly RouteKey[] = ['GET /api/openapi.json'];

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
let context: ContractContext;
const log = exchangeLog();

beforeAll(async () => {
  // Passkeys need `localhost`: WebAuthn refuses an IP address as the relying party id.
  app = await startTestApp({ qbo: true, host: 'localhost' });
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
    log.expectCovered(
      AREAS.flatMap((area) => area.routes),
      NO_ERROR_ANSWER,
    );
  });

  it('has an area for every route', () => {
    const covered = new Set<string>(AREAS.flatMap((area) => area.routes));
    expect(ROUTES.map(routeKeyOf).filter((key) => !covered.has(key as RouteKey))).toEqual([]);
  });
});
