import { readFileSync } from 'node:fs';
import * as fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REALM_ID } from '../../local/qbo-emulator/companies';
import { OPENAPI_FILE } from '../../shared/openapi/document-file';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import { getSettings, putSettings } from '../../shared/settings/settings-repository';
import { ROLES, type Role } from '../../shared/users/role';
import { startTestApp, type TestApp, type TestClient } from '../support/app-harness';
import { anIssue, aUser } from '../support/builders';
import { type ContractProxy, startContractProxy } from '../support/contract-proxy';
import { anInvoicedIssue } from '../support/invoiced-issues';
import { invalidValue, type JsonSchema, validValue } from '../support/json-schema-arbitrary';
import { webhookSignature } from '../support/qbo-emulator';
import { setQboToggles } from '../support/qbo-settings';
import { type ContractContext, exchangeLog, startContractContext } from './contract-context';

// Requests generated from docs/openapi.json itself: for every operation, path parameters, query
// strings, bodies and headers its JSON Schemas accept, and ones a rule away from accepted, sent
// through Stoplight Prism's validating proxy as each role and as nobody. No answer may be a 5xx; every
// 4xx carries the {error: {code, message}} shape with a code the document lists for that status; and
// Prism holds every answer, success or error, to the document. Fixed seed and bounded runs, so it
// fits CI and a failure replays: FUZZ_SEED and FUZZ_RUNS change them by hand.

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 30);

type Parameter = { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: JsonSchema };
type DocumentedOperation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
};
type Document = { paths: Record<string, Record<string, DocumentedOperation>> };

const document = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Document;

// These end what later operations need (the caller's session, its QuickBooks connection, settings
// that let everyone in): they run last, and settings are put back after.
const RUN_LAST = ['PUT /api/settings', 'DELETE /api/qbo/connection', 'DELETE /api/session'];
const operations = Object.entries(document.paths)
  .flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operation,
    })),
  )
  .sort((a, b) => RUN_LAST.indexOf(a.key) - RUN_LAST.indexOf(b.key));

type Caller = Role | 'nobody';
const CALLERS: readonly Caller[] = [...ROLES, 'nobody'];

let app: TestApp;
let proxy: ContractProxy;
let context: ContractContext;
const log = exchangeLog();
let sent = 0;
let setupExchanges = 0;
/** Ids that exist, by the path parameter (and the path it is in) that names them. */
const realIds: Record<string, string[]> = {};
/** Ids that exist, by the body field that names them. */
const realBodyIds: Record<string, string[]> = {};

const realIdsFor = (path: string, name: string): string[] => {
  if (name === 'entryId') return realIds.entry ?? [];
  if (name === 'invoiceId') return realIds.invoice ?? [];
  const collection = path.split('/')[2] ?? '';
  return realIds[collection === 'qbo' ? (path.split('/')[3] ?? '') : collection] ?? [];
};

type GeneratedRequest = {
  caller: Caller;
  pathValues: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: { json: unknown } | { text: string } | undefined;
  signed: boolean;
  currentVersion: boolean;
  realIdsInBody: boolean;
};

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

// An empty, `.` or `..` path segment makes the URL another path (or none): not a request to this operation.
const isSegment = (value: string) => value !== '' && value !== '.' && value !== '..';

const parameterValue = (parameter: Parameter, real: string[]): fc.Arbitrary<string> => {
  const invalid = invalidValue(parameter.schema);
  const values = fc.oneof(
    ...(real.length ? [{ weight: 4, arbitrary: fc.constantFrom(...real) }] : []),
    { weight: 3, arbitrary: validValue(parameter.schema).map(asText) },
    ...(invalid ? [{ weight: 1, arbitrary: invalid.map(asText) }] : []),
  );
  return parameter.in === 'path' ? values.filter(isSegment) : values;
};

const requestOf = (path: string, operation: DocumentedOperation): fc.Arbitrary<GeneratedRequest> => {
  const parameters = operation.parameters ?? [];
  const byPlace = (place: Parameter['in']) => parameters.filter((parameter) => parameter.in === place);
  const values = (place: Parameter['in']) =>
    fc.record(
      Object.fromEntries(
        byPlace(place).map((parameter) => [
          parameter.name,
          parameterValue(parameter, realIdsFor(path, parameter.name)),
        ]),
      ),
      {
        requiredKeys: byPlace(place)
          .filter((parameter) => parameter.required || place === 'path')
          .map((p) => p.name),
      },
    ) as fc.Arbitrary<Record<string, string>>;
  const schema = operation.requestBody?.content['application/json']?.schema;
  const invalidBody = schema ? invalidValue(schema) : undefined;
  const body: fc.Arbitrary<GeneratedRequest['body']> = schema
    ? fc.oneof(
        { weight: 5, arbitrary: validValue(schema).map((json) => ({ json })) },
        ...(invalidBody ? [{ weight: 3, arbitrary: invalidBody.map((json) => ({ json })) }] : []),
        { weight: 1, arbitrary: fc.constantFrom('{"unclosed": ', 'not json', '').map((text) => ({ text })) },
      )
    : fc.constant(undefined);
  return fc.record({
    caller: fc.constantFrom(...CALLERS),
    pathValues: values('path'),
    query: values('query'),
    // HTTP carries header values as bytes: only printable ASCII survives the trip as sent.
    headers: values('header').map((headers) =>
      Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name, value.replace(/[^\x20-\x7e]/g, '')]),
      ),
    ),
    body,
    signed: fc.boolean(),
    currentVersion: fc.boolean(),
    realIdsInBody: fc.boolean(),
  });
};

const urlOf = (path: string, request: GeneratedRequest) => {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(request.pathValues[name] ?? ''),
  );
  const query = new URLSearchParams(request.query).toString();
  return query ? `${filled}?${query}` : filled;
};

/** The body as sent: a PUT of settings may carry the version the table holds, a webhook its right signature. */
const bodyText = async (key: string, request: GeneratedRequest) => {
  if (!request.body) return undefined;
  if ('text' in request.body) return request.body.text;
  const json = request.body.json;
  if (!json || typeof json !== 'object' || Array.isArray(json)) return JSON.stringify(json);
  const fields: Record<string, unknown> = { ...json };
  if (key === 'PUT /api/settings' && request.currentVersion)
    fields.version = (await getSettings(app.runtime.table)).version;
  // Ids of things that exist, so a generated body can get past "not found" to the work itself.
  if (request.realIdsInBody)
    for (const [name, ids] of Object.entries(realBodyIds))
      if (name in fields && ids[0] !== undefined) fields[name] = ids[0];
  return JSON.stringify(fields);
};

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  proxy = await startContractProxy(app.baseUrl);
  context = await startContractContext(app, { site: proxy }, log);
  await setQboToggles(app, { syncUser: true, syncInvoice: true });
  const customer = await aUser(app, {
    role: 'customer',
    address: { line1: '1 Main St', city: 'Springfield' },
  });
  const otherStaff = await aUser(app, { role: 'staff' });
  const invoiced = await anInvoicedIssue(app, context.as('staff'), {
    customer,
    title: 'Generated requests',
    amount: '120.00',
  });
  const other = await anIssue(app, { requestorId: context.users.customer.id });
  const entries = await context.as('staff').request('GET', `/api/issues/${invoiced.issue.id}/entries`);
  const catalog = await context.as('staff').request('GET', '/api/catalog');
  app.qbo?.injectFault({ method: 'POST', path: '/v3/company/', status: 400, code: '6000', times: 1 });
  await context.as('staff').request('POST', `/api/users/${otherStaff.id}/qbo-sync`);
  Object.assign(realIds, {
    users: [customer.id, otherStaff.id],
    issues: [String(invoiced.issue.id), String(other.id)],
    entry: entries.body.items.map((entry: { id: string }) => entry.id),
    catalog: catalog.body.items.map((item: { id: string }) => item.id),
    invoice: [invoiced.invoice.id],
    'sync-failures': [`customer.${otherStaff.id}.${DEFAULT_REALM_ID}`],
  });
  Object.assign(realBodyIds, {
    requestorId: [customer.id],
    workedBy: [context.users.staff.id],
    catalogId: realIds.catalog,
  });
  log.expectContractKept();
  setupExchanges = log.exchanges.length;
});
afterAll(async () => {
  const answers = new Map<string, { success: number; error: number }>();
  for (const exchange of log.exchanges.slice(setupExchanges)) {
    const tally = answers.get(exchange.routeKey ?? '?') ?? { success: 0, error: 0 };
    tally[exchange.status < 400 ? 'success' : 'error'] += 1;
    answers.set(exchange.routeKey ?? '?', tally);
  }
  // Requests Prism found valid that the app refused as invalid: where the document is looser than the code.
  const refusedValid = log.exchanges
    .slice(setupExchanges)
    .filter(
      (exchange) =>
        exchange.viaPrism &&
        exchange.status === 400 &&
        !exchange.violations.some(
          (violation) => violation.location[0] === 'request' && violation.severity === 'Error',
        ),
    );
  console.log(
    [
      `generated requests: ${sent} to ${operations.length} operations (seed ${SEED})`,
      ...[...answers].map(([key, { success, error }]) => `  ${key}: ${success} succeeded, ${error} refused`),
      `valid by the document, refused as invalid: ${refusedValid.length}`,
      ...refusedValid
        .slice(0, 40)
        .map(
          (exchange) =>
            `  ${exchange.method} ${exchange.url.slice(0, 120)} ${JSON.stringify(exchange.body).slice(0, 300)}`,
        ),
    ].join('\n'),
  );
  await proxy?.close();
  await app?.close();
});
afterEach(() => log.expectContractKept());

describe('generated requests', () => {
  for (const { key, method, path, operation } of operations) {
    it(`${key}: no 5xx, and every answer as documented`, async () => {
      // Sessions of their own for this operation, so one that signs out or ends sessions ends only these.
      const clients = new Map<Caller, TestClient>([['nobody', context.anonymous()]]);
      for (const role of ROLES) clients.set(role, await context.sessionOf(context.users[role]));
      await fc.assert(
        fc.asyncProperty(requestOf(path, operation), async (request) => {
          const headers = { ...request.headers };
          const body = await bodyText(key, request);
          if (key === 'POST /api/qbo/webhooks' && request.signed)
            headers['intuit-signature'] = webhookSignature(body ?? '', app.webhookVerifierToken);
          const client = clients.get(request.caller) ?? (undefined as never);
          const response = await client.request(method, urlOf(path, request), body, headers);
          sent += 1;
          expect(
            response.status,
            `${method} ${urlOf(path, request)} answered ${response.status}`,
          ).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.body).toMatchObject({
              error: { code: expect.any(String), message: expect.any(String) },
            });
            const documented =
              operation.responses[String(response.status)]?.content?.['application/json']?.schema;
            const codes = (documented?.properties?.error?.properties?.code?.enum ?? []) as string[];
            expect(codes, `${key} ${response.status} does not list ${response.body.error.code}`).toContain(
              response.body.error.code,
            );
          }
        }),
        { seed: SEED, numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
      if (key === 'PUT /api/settings') {
        const { version } = await getSettings(app.runtime.table);
        const restored = {
          ...DEFAULT_SETTINGS,
          qbo: { syncUser: true, syncInvoice: true },
          version: version + 1,
        };
        await putSettings(app.runtime.table, restored, version);
      }
    });
  }
});
