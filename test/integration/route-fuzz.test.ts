import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REALM_ID } from '../../local/qbo-emulator/companies';
import { createSession } from '../../shared/auth/session-repository';
import { createCatalogItem } from '../../shared/billing/create-catalog-item';
import { createIssueEntry } from '../../shared/billing/create-issue-entry';
import { SESSION_COOKIE } from '../../shared/http/cookies';
import {
  ISSUE_LIST_PARTITION,
  issueKey,
  issueListIndex,
  issueRequestorIndex,
  requestorPartition,
  USER_LIST_PARTITION,
  userKey,
  userListIndex,
} from '../../shared/keys';
import { ROUTES, type RouteDefinition, routeKeyOf } from '../../shared/routes';
import type { Settings } from '../../shared/settings/settings';
import { getSettings, putSettings } from '../../shared/settings/settings-repository';
import { indexKeysOf, TABLE_KEYS } from '../../shared/table-definition';
import { ROLES, type Role } from '../../shared/users/role';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp } from '../support/app-harness';
import { anIssue, aUser, TEST_PASSWORD } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { setQboToggles } from '../support/qbo-settings';

// No input gives a 5xx (DESIGN §4). Every route of the route table gets generated path parameters,
// query strings and bodies over real HTTP through the local gateway, from every role, from no
// session and from a forged one, with QuickBooks (the emulator) connected and its toggles on.
// Bodies are mostly a valid request with a few fields broken, so inputs get past the first schema
// to the services, DynamoDB and QuickBooks. Every answer must be below 500, and every 4xx the
// {error: {code, message}} shape as JSON. A failure prints the request and the run's
// seed; FUZZ_SEED=<seed> replays the run.

// FUZZ_RUNS=<n> runs longer by hand; the default keeps the file well under a minute.
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 24);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
// CloudFront answers a longer URL itself (414) before the app sees it, and Node's own header limit
// (16 KiB) would here: such requests say nothing about the app.
const MAX_URL_BYTES = 8192;

type Caller = Role | 'no session' | 'forged session';

let app: TestApp;
const callerUsers = new Map<Role, User>();
const cookies = new Map<Role, string>();
// Ids and cursors that exist, so generated input also reaches real items. Never a caller's own id,
// so a generated PATCH cannot change who is calling.
let realUserIds: string[] = [];
let realIssueIds: string[] = [];
let realCursors: string[] = [];
let realCatalogIds: string[] = [];
let realEntryIds: string[] = [];
// Failed syncs (`<kind>.<subjectId>.<realmId>`): a real one, and well-formed ones that are not there.
let realFailureIds: string[] = [];

/** A session of its own, as signing in would make it (without the password hash, which is slow). */
const sessionCookie = async (role: Role) => {
  const user = callerUsers.get(role) ?? (undefined as never);
  const { token } = await createSession(app.runtime.table, {
    userId: user.id,
    mfaVerified: true,
    client: { address: '127.0.0.1', userAgent: 'test' },
    now: new Date(),
  });
  return `${SESSION_COOKIE}=${token}`;
};

const connectToQbo = async (role: Role) => {
  const flow = await connectQbo(app, app.client(cookies.get(role)));
  if (!flow.location.includes('qbo=connected')) throw new Error(`QBO connect failed for ${role}`);
};

const ADDRESS = { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

const listCursor = async (role: Role, path: string) => {
  const page = await app.client(cookies.get(role)).request('GET', path);
  if (!page.body.nextCursor) throw new Error(`${path} gave no cursor`);
  return page.body.nextCursor as string;
};

/** A customer sync QuickBooks refuses once, as staff: the id of the failure Sync health keeps. */
const aFailedSync = async (userId: string) => {
  app.qbo?.injectFault({ method: 'POST', path: '/v3/company/', status: 400, code: '6000', times: 1 });
  const response = await app.client(cookies.get('staff')).request('POST', `/api/users/${userId}/qbo-sync`);
  if (response.status !== 502) throw new Error(`the failed sync answered ${response.status}`);
  return `customer.${userId}.${DEFAULT_REALM_ID}`;
};

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  for (const role of ROLES) {
    callerUsers.set(role, await aUser(app, { role, enabled: true, password: TEST_PASSWORD }));
    cookies.set(role, await sessionCookie(role));
  }
  await connectToQbo('staff');
  await connectToQbo('admin');
  await setQboToggles(app, { syncUser: true, syncInvoice: true });
  const customer = callerUsers.get('customer') ?? (undefined as never);
  const target = await aUser(app, { role: 'customer', address: ADDRESS });
  const otherStaff = await aUser(app, { role: 'staff' });
  realUserIds = [target.id, otherStaff.id];
  const issues = [
    await anIssue(app, { requestorId: target.id }),
    await anIssue(app, { requestorId: customer.id }),
    await anIssue(app, { requestorId: customer.id }),
  ];
  realIssueIds = issues.map((issue) => String(issue.id));
  const admin = callerUsers.get('admin') ?? (undefined as never);
  const catalog = [
    { name: 'Fuzz seed labour', kind: 'labour', rate: 9500, taxable: false, qboItems: {} },
    { name: 'Fuzz seed part', kind: 'part', rate: 1299, taxable: true, qboItems: {} },
  ] as const;
  realCatalogIds = [];
  for (const fields of catalog)
    realCatalogIds.push((await createCatalogItem(app.runtime, { actor: admin, fields })).id);
  const entry = await createIssueEntry(app.runtime, {
    actor: admin,
    issue: issues[0],
    fields: {
      kind: 'time',
      catalogId: realCatalogIds[0] ?? '',
      date: '2025-01-02',
      minutes: 30,
      description: 'Fuzz seed work',
      billable: true,
    },
  });
  realEntryIds = [entry.id];
  realFailureIds = [
    await aFailedSync(target.id),
    await aFailedSync((await aUser(app, { role: 'customer' })).id),
    `invoice.${realIssueIds[0]}.${DEFAULT_REALM_ID}`,
  ];
  realCursors = [
    await listCursor('staff', '/api/qbo/sync-failures?limit=1'),
    await listCursor('staff', '/api/users?limit=1'),
    await listCursor('staff', '/api/issues?limit=1'),
    await listCursor('customer', '/api/issues?limit=1'),
  ];
}, 120_000);
afterAll(() => app.close());

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
);
const rawEscapes = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '%',
        '%E0%A4%A',
        '%zz',
        '%C0%AF',
        '%ED%A0%80',
        '%00',
        '%FF',
        '%2F',
        '%25',
        '%2e%2e',
        '%u0041',
      ),
      fc.stringMatching(/^%[0-9A-Fa-f]{2}$/),
      fc.stringMatching(/^[A-Za-z0-9._~-]{1,4}$/),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''));
const numberish = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '1.5',
    '1e3',
    '1e400',
    '-1e400',
    '0x10',
    'NaN',
    'Infinity',
    '99999999999999999999999',
  ),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.double().map(String),
  fc.integer({ min: 1, max: 2 ** 53 }).map(String),
);
// Past 2048 bytes (DynamoDB's partition key limit), yet within a URL CloudFront takes.
const longText = fc
  .tuple(fc.integer({ min: 1025, max: 2600 }), fc.constantFrom('a', '9', 'é', '\u{1F600}'))
  .map(([bytes, char]) => char.repeat(Math.ceil(bytes / Buffer.byteLength(char))));

/** Real ids of what the path names (`/users/{id}`, `/issues/{id}`), else any; then generated ones. */
const pathParameter = (route: RouteDefinition): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(
        ...(route.path.startsWith('/api/users/')
          ? realUserIds
          : route.path.startsWith('/api/issues/')
            ? realIssueIds
            : route.path.startsWith('/api/catalog/')
              ? realCatalogIds
              : route.path.startsWith('/api/qbo/sync-failures/')
                ? realFailureIds
                : []),
        ...(route.path.includes('/entries/') ? realEntryIds : []),
        ...realUserIds,
        ...realIssueIds,
      ),
    },
    { weight: 2, arbitrary: anyText.filter((text) => text.length > 0).map(encodeURIComponent) },
    { weight: 2, arbitrary: rawEscapes },
    { weight: 2, arbitrary: numberish.map(encodeURIComponent) },
    { weight: 1, arbitrary: longText.map(encodeURIComponent) },
  );

const QUERY_NAMES = [
  'limit',
  'cursor',
  'q',
  'role',
  'status',
  'returnTo',
  'code',
  'state',
  'realmId',
  'error',
  'kind',
  'subjectId',
];
const KEY_ATTRIBUTES: string[] = [
  TABLE_KEYS.partitionKey,
  TABLE_KEYS.sortKey,
  ...TABLE_KEYS.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
];
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url');
const keyValue = () =>
  fc.oneof(
    fc.constantFrom(USER_LIST_PARTITION, ISSUE_LIST_PARTITION, requestorPartition(realUserIds[0] ?? ''), ''),
    fc.string({ maxLength: 30 }),
    longText,
    fc.jsonValue({ maxDepth: 2 }),
  );
/** A real cursor with one key attribute changed, dropped or added: valid base64 JSON, wrong key. */
const tamperedCursor = () =>
  fc
    .tuple(fc.constantFrom(...realCursors), fc.constantFrom(...KEY_ATTRIBUTES, 'role'), fc.option(keyValue()))
    .map(([cursor, name, value]) => {
      const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
      if (value === null) delete key[name];
      else key[name] = value;
      return base64url(key);
    });
const cursor = () =>
  fc.oneof(
    fc.constantFrom(...realCursors),
    tamperedCursor(),
    fc.jsonValue({ maxDepth: 3 }).map(base64url),
    fc
      .dictionary(fc.constantFrom(...KEY_ATTRIBUTES, 'role', '__proto__'), keyValue(), { maxKeys: 6 })
      .map(base64url),
    fc.string({ maxLength: 60 }),
    fc.constantFrom('', '=', '%%%', '.'.repeat(2100)),
  );
const queryValue = () =>
  fc.oneof(
    anyText,
    fc.constantFrom(
      ...ROLES,
      'invoice',
      'open',
      'closed',
      'ADMIN',
      '',
      ' ',
      '1',
      '100',
      '/settings',
      '//evil.example',
      '/api/x',
    ),
    fc.constantFrom(
      '/users/caf\u00e9',
      '/issues/7\r\nx',
      '/\t/evil.example',
      '/settings\u0000',
      '/\\evil',
      '/a#b',
    ),
    numberish,
    fc.integer({ min: 1, max: 1200 }).map((length) => 'q'.repeat(length)),
    fc.constant(null).map(() => realUserIds[0] ?? ''),
    fc.constant(null).map(() => realIssueIds[0] ?? ''),
  );
const queryString = () =>
  fc
    .array(
      fc.oneof(
        fc
          .tuple(fc.constantFrom(...QUERY_NAMES), queryValue())
          .map(([name, value]) => `${name}=${encodeURIComponent(value)}`),
        cursor().map((value) => `cursor=${encodeURIComponent(value)}`),
        fc.tuple(fc.constantFrom(...QUERY_NAMES), rawEscapes).map(([name, value]) => `${name}=${value}`),
        fc
          .tuple(anyText, anyText)
          .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));

/** Replaced, when sent, by the settings version the table holds, so a PUT can get past the version check. */
const CURRENT_VERSION = '<current settings version>';

// Shaped as a browser's passkey answers are (their challenges are nobody's, so they end as a 400).
const clientData = (type: string) =>
  base64url({ type, challenge: 'AAAAAAAAAAAAAAAAAAAAAA', origin: 'http://localhost', crossOrigin: false });
const passkeyRegistration = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  response: { clientDataJSON: clientData('webauthn.create'), attestationObject: 'oA', transports: ['usb'] },
  clientExtensionResults: {},
};
const passkeyAssertion = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  response: { clientDataJSON: clientData('webauthn.get'), authenticatorData: 'AAAA', signature: 'AAAA' },
  clientExtensionResults: {},
};

/** A request each route would accept; generated bodies are mostly one of these with fields broken. */
const validBody = (key: string): Record<string, unknown> => {
  const code = { password: TEST_PASSWORD, code: '123456' };
  const bodies: Record<string, Record<string, unknown>> = {
    'POST /api/session': { email: callerUsers.get('staff')?.email, password: TEST_PASSWORD },
    'POST /api/users': {
      name: 'Fuzz Person',
      email: 'fuzz.person@example.com',
      role: 'customer',
      phone: '+1 415 555 0100',
      company: 'Fuzz Co',
      address: ADDRESS,
      enabled: false,
    },
    'PATCH /api/users/{id}': {
      name: 'Renamed Person',
      phone: '+1 415 555 0101',
      address: ADDRESS,
      enabled: true,
    },
    'POST /api/issues': {
      title: 'Printer on fire',
      description: 'It smokes',
      status: 'open',
      requestorId: realUserIds[0],
      billingAddress: ADDRESS,
      billingEmail: 'billing@example.com',
    },
    'PATCH /api/issues/{id}': {
      title: 'Printer fixed',
      status: 'resolved',
      requestorId: realUserIds[0],
    },
    'PUT /api/settings': {
      qbo: { syncUser: true, syncInvoice: true },
      billing: { invoiceDetail: 'entry' },
      security: { enforceMfa: false, mfaGraceDays: 0 },
      version: CURRENT_VERSION,
    },
    'POST /api/qbo/items': {
      name: 'Fuzz Service',
      type: 'Service',
      incomeAccountId: '1',
      description: 'Generated',
      unitPrice: '95.00',
    },
    'POST /api/issues/{id}/entries': {
      kind: 'time',
      catalogId: realCatalogIds[0],
      date: '2025-03-04',
      minutes: 90,
      rate: '95.00',
      description: 'Replaced the fuser',
      billable: true,
      workedBy: callerUsers.get('staff')?.id,
    },
    'PATCH /api/issues/{id}/entries/{entryId}': {
      catalogId: realCatalogIds[0],
      date: '2025-03-05',
      minutes: 45,
      description: 'Replaced the fuser again',
      billable: false,
      version: 1,
    },
    'POST /api/catalog': {
      name: 'Fuzz labour',
      kind: 'labour',
      rate: '95.00',
      taxable: false,
      qboItems: { '9341450000000001': '1' },
    },
    'PATCH /api/catalog/{id}': { name: 'Fuzz labour renamed', rate: '99.50', taxable: true, version: 1 },
    'POST /api/jobs': { kind: 'sync-customers' },
    'POST /api/mfa/verify': { code: '123456' },
    'DELETE /api/mfa': code,
    'PUT /api/password': { currentPassword: TEST_PASSWORD, newPassword: 'a fuzzed new password' },
    'POST /api/mfa/recovery-codes': code,
    'POST /api/passkeys': { name: 'Fuzz key', response: passkeyRegistration },
    'DELETE /api/passkeys/{id}': { password: TEST_PASSWORD, passkey: passkeyAssertion },
  };
  return structuredClone(bodies[key] ?? {});
};

const BODY_FIELDS = [
  ...new Set(
    ROUTES.flatMap((route) => Object.keys(validBody(routeKeyOf(route)))).concat([
      'recoveryCode',
      'line1',
      'city',
      'syncUser',
      // Fields the API took once: naming them is a 400, never a 500.
      'amount',
      'invoiceItemName',
      'invoiceDetail',
      'enforceMfa',
      'mfaGraceDays',
      'quantity',
      'unitPrice',
    ]),
  ),
];
const fieldValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 1 }),
    anyText,
    fc.constantFrom(
      ...ROLES,
      'open',
      'resolved',
      '123456',
      '150.00',
      '1e3',
      'a@b.co',
      'Services',
      true,
      false,
      null,
    ),
    fc.constantFrom(1e308, -1e308, -0, 2 ** 53 + 1, 0.1, -1, 0, 90, 91, 1e21),
    fc.constantFrom('\ud800', 'a\udfffb', '\u0000', '\u202e', 'ﷺ', '\u{1F600}'.repeat(300)),
    { weight: 3, arbitrary: fc.integer({ min: 1025, max: 40_000 }).map((length) => 'x'.repeat(length)) },
    fc.constant(null).map(() => realUserIds[1]),
    fc.dictionary(fc.constantFrom(...BODY_FIELDS), tie('value'), { maxKeys: 4 }),
  ),
})).value;

type Edit = { at: number; change: 'replace' | 'remove' | 'add'; field: string; value: unknown };
const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  change: fc.constantFrom('replace', 'remove', 'add'),
  field: fc.constantFrom(...BODY_FIELDS),
  value: fieldValue,
});

/** Every place a value sits in a body, as the object holding it and the key. */
const placesIn = (value: unknown): [Record<string, unknown>, string][] =>
  value && typeof value === 'object'
    ? Object.entries(value).flatMap(([key, inner]) => [
        [value as Record<string, unknown>, key] as [Record<string, unknown>, string],
        ...placesIn(inner),
      ])
    : [];

const applyEdit = (body: Record<string, unknown>, { at, change, field, value }: Edit) => {
  const places = placesIn(body);
  const [holder, key] = places[at % Math.max(1, places.length)] ?? [body, field];
  if (change === 'remove') delete holder[key];
  else if (change === 'replace') holder[key] = value;
  else holder[field] = value;
  return body;
};

type Body = { text?: string; contentType?: string };
const json = (value: unknown): Body => ({ text: JSON.stringify(value) });
const body = (key: string): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant(null).map(() => json(validBody(key))) },
    {
      weight: 10,
      arbitrary: fc
        .array(edit, { minLength: 1, maxLength: 3 })
        .map((edits) => json(edits.reduce(applyEdit, validBody(key)))),
    },
    {
      weight: 2,
      arbitrary: fc.dictionary(fc.constantFrom(...BODY_FIELDS), fieldValue, { maxKeys: 8 }).map(json),
    },
    { weight: 1, arbitrary: fc.jsonValue().map(json) },
    { weight: 1, arbitrary: anyText.map((text) => ({ text })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '{',
          '[1,',
          'undefined',
          'NaN',
          '{"a":1}{}',
          `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
        )
        .map((text) => ({ text })),
    },
    { weight: 1, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'APPLICATION/JSON',
          'application/json; charset=utf-8',
          '',
        )
        .map((contentType) => ({ ...json(validBody(key)), contentType })),
    },
  );

const caller: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 1, arbitrary: fc.constant('no session' as const) },
  { weight: 1, arbitrary: fc.constant('forged session' as const) },
  { weight: 2, arbitrary: fc.constant('customer' as const) },
  { weight: 3, arbitrary: fc.constant('staff' as const) },
  { weight: 2, arbitrary: fc.constant('admin' as const) },
);
const forgedCookie = fc
  .oneof(
    fc.uuid().map((userId) => `${userId}.${'A'.repeat(43)}`),
    fc.constant(null).map(() => `${callerUsers.get('staff')?.id}.forged`),
    fc.stringMatching(/^[\x21-\x3a\x3c-\x7e]{0,300}$/),
  )
  .map((token) => `sid=${token}`);

type Attempt = { caller: Caller; forged: string; path: string; query: string; body: Body };

const attempt = (route: RouteDefinition): fc.Arbitrary<Attempt> => {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)];
  return fc.record({
    caller,
    forged: forgedCookie,
    path: fc
      .tuple(...names.map(() => pathParameter(route)))
      .map((values) => values.reduce<string>((path, value) => path.replace(/\{\w+\}/, value), route.path)),
    query: queryString(),
    body: route.method === 'GET' ? fc.constant({}) : body(routeKeyOf(route)),
  });
};

const cookieFor = async (route: RouteDefinition, input: Attempt) => {
  if (input.caller === 'no session') return undefined;
  if (input.caller === 'forged session') return input.forged;
  // Signing out ends the session it is sent with: that route gets a fresh one each time.
  return routeKeyOf(route) === 'DELETE /api/session'
    ? sessionCookie(input.caller)
    : cookies.get(input.caller);
};

const withCurrentVersion = async (text: string | undefined) =>
  text?.includes(CURRENT_VERSION)
    ? text.replaceAll(`"${CURRENT_VERSION}"`, String((await getSettings(app.runtime.table)).version))
    : text;

const send = async (route: RouteDefinition, input: Attempt) => {
  const cookie = await cookieFor(route, input);
  const contentType =
    input.body.contentType ?? (input.body.text === undefined ? undefined : 'application/json');
  const response = await fetch(`${app.baseUrl}${input.path}${input.query}`, {
    method: route.method,
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), ...(contentType ? { 'content-type': contentType } : {}) },
    body: await withCurrentVersion(input.body.text),
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
};

/** Puts back what a successful request may have changed for the runs after it. */
const restoreAfter = async (route: RouteDefinition, input: Attempt, status: number) => {
  if (status >= 300) return;
  const key = routeKeyOf(route);
  if (key === 'PUT /api/settings') {
    const current = await getSettings(app.runtime.table);
    const { qbo, security } = validBody(key) as Pick<Settings, 'qbo' | 'security'>;
    await putSettings(
      app.runtime.table,
      { ...current, qbo, security, version: current.version + 1 },
      current.version,
    );
  }
  if (key === 'DELETE /api/qbo/connection' && (input.caller === 'staff' || input.caller === 'admin'))
    await connectToQbo(input.caller);
};

const hasErrorShape = (text: string) => {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof parsed.error?.code === 'string' && typeof parsed.error.message === 'string';
  } catch {
    return false;
  }
};

/** Long runs of one character shortened (`x…×3000`), so a failing request reads in one line. */
const shorten = (text: string) =>
  text.replace(/(.)\1{19,}/gsu, (run, char: string) => `${char}…×${[...run].length}`).slice(0, 600);

const describeAttempt = (route: RouteDefinition, input: Attempt, answer: Awaited<ReturnType<typeof send>>) =>
  shorten(
    `[FUZZ_SEED=${SEED}] ${route.method} ${input.path}${input.query} as ${input.caller}` +
      (input.caller === 'forged session' ? ` (${input.forged})` : ''),
  ) +
  (input.body.text === undefined
    ? ''
    : ` with ${input.body.contentType ?? 'application/json'} ${JSON.stringify(shorten(input.body.text))}`) +
  ` → ${answer.status} ${answer.contentType} ${shorten(answer.text)}`;

describe('no input gives a 5xx', () => {
  it.each(ROUTES.map((route, index) => [routeKeyOf(route), route, index] as const))(
    '%s answers generated input below 500, with the error shape on every 4xx',
    async (_key, route, index) => {
      await fc.assert(
        fc.asyncProperty(attempt(route), async (input) => {
          fc.pre(Buffer.byteLength(`${input.path}${input.query}`) <= MAX_URL_BYTES);
          const answer = await send(route, input);
          await restoreAfter(route, input, answer.status);
          const request = describeAttempt(route, input, answer);
          expect(answer.status, request).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(answer.contentType, request).toMatch(/^application\/json/);
            expect(hasErrorShape(answer.text), request).toBe(true);
          }
        }),
        // A seed of its own per route, so the routes do not all see the same sequence of callers.
        { numRuns: RUNS_PER_ROUTE, seed: SEED + index, endOnFailure: true },
      );
    },
    RUNS_PER_ROUTE * 4_000,
  );
});

// The inputs that gave a 500 before, each pinned: the generated ones above only may hit them.
describe('inputs that once gave a 5xx', () => {
  const forged = (key: Record<string, unknown>) => base64url(key);
  const request = (role: Role, method: string, path: string, body?: unknown) =>
    app.client(cookies.get(role)).request(method, path, body);

  const listIndex = indexKeysOf('GSI2');
  const aUserRow = () => ({ ...userKey('u1'), ...userListIndex('Ann', 'u1') });
  const anIssueRow = () => ({ ...issueKey(1), ...issueListIndex(1) });
  it.each([
    ['a key of another list', 'staff', '/api/users', anIssueRow()],
    ['an attribute too many', 'staff', '/api/users', { ...aUserRow(), role: 'admin' }],
    ['a number for a key', 'staff', '/api/users', { ...aUserRow(), [listIndex.sortKey]: 7 }],
    ['only the partition', 'staff', '/api/issues', { [listIndex.partitionKey]: ISSUE_LIST_PARTITION }],
    ['an over-long key', 'staff', '/api/issues', { ...anIssueRow(), [listIndex.sortKey]: 'z'.repeat(1500) }],
    [
      'another requestor’s list',
      'customer',
      '/api/issues',
      { ...issueKey(1), ...issueRequestorIndex('someone-else', 1) },
    ],
  ] as const)('refuses a cursor holding %s with a 400 on cursor', async (_what, role, path, key) => {
    const response = await request(role, 'GET', `${path}?cursor=${forged(key)}`);

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toEqual({ cursor: ['Not a cursor from this list'] });
  });

  it.each(['1e400', '99999999999999999999999', '1e3', '9'.repeat(3000)])(
    'refuses the issue number %s with a 400 on id',
    async (id) => {
      const response = await request('staff', 'GET', `/api/issues/${id}`);

      expect(response.status).toBe(400);
      expect(response.body.error.details.fieldErrors).toHaveProperty('id');
    },
  );

  // An unbounded requestorId once reached DynamoDB as a key over 2048 bytes (a ValidationException).
  it('refuses a requestor id longer than any user id with a 400 on requestorId', async () => {
    const response = await request('staff', 'POST', '/api/issues', {
      title: 'Printer on fire',
      requestorId: 'x'.repeat(3000),
    });

    expect(response.status).toBe(400);
    expect(response.body.error.details.fieldErrors).toHaveProperty('requestorId');
  });

  it('comes back from QuickBooks to Settings when returnTo is not plain ASCII', async () => {
    const flow = await connectQbo(app, app.client(cookies.get('staff')), {
      returnTo: '/users/caf\u00e9\u0007',
    });

    expect(flow.finish.status).toBe(302);
    expect(flow.location).toBe('/settings?qbo=connected');
  });
});
