import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BundleFile, bundleHandler } from '../../infra/lambda-bundling';
import type { IssueView } from '../../shared/issues/issue';
import { qboConnectionKey } from '../../shared/keys';
import { ORIGIN_HEADER } from '../../shared/origin/origin-secret';
import { getQboConnection } from '../../shared/qbo/qbo-connection-repository';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp } from '../support/app-harness';
import { billAmountDirect } from '../support/billing';
import { anIssue, aUser, signedInClient } from '../support/builders';
import { connectQbo } from '../support/qbo-connect';
import { setQboToggles } from '../support/qbo-settings';

// The list-invoices Lambda as deployed (its bundle, in a fresh Node process) against the emulator:
// with a valid access token it answers without ever loading intuit-oauth, and it loads intuit-oauth
// to refresh a token near its expiry.

type Invocation = { result: APIGatewayProxyStructuredResultV2; loaded: string[] };

const RUNNER = join(import.meta.dirname, '../support/lambda-bundle-runner.mjs');
const MINUTE_MS = 60_000;

let app: TestApp;
let staffUser: User;
let cookies: string[];
let issue: IssueView;
let bundleDir: string;
let intuitOAuthChunk: BundleFile;
let runner: ChildProcessWithoutNullStreams;
let answers: AsyncIterator<string>;
let originValue: string;

const invoke = async (event: APIGatewayProxyEventV2): Promise<Invocation> => {
  runner.stdin.write(`${JSON.stringify(event)}\n`);
  const answer = await answers.next();
  if (answer.done) throw new Error('the bundle runner exited');
  return JSON.parse(answer.value);
};

const listInvoicesEvent = (): APIGatewayProxyEventV2 => {
  const path = `/api/issues/${issue.id}/invoices`;
  const routeKey = 'GET /api/issues/{id}/invoices';
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    cookies,
    // As CloudFront forwards it: with the origin header the handlers check.
    headers: { host: 'deskbooks.test', [ORIGIN_HEADER]: originValue },
    pathParameters: { id: String(issue.id) },
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'deskbooks.test',
      domainPrefix: 'deskbooks',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
};

beforeAll(async () => {
  app = await startTestApp({ qbo: true });
  originValue = JSON.parse(readFileSync(app.originSecretFile, 'utf8')).current;
  staffUser = await aUser(app, { role: 'staff' });
  const staff = await signedInClient(app, staffUser);
  cookies = (staff.cookie ?? '').split('; ');
  await connectQbo(app, staff);
  await setQboToggles(app, { syncUser: true, syncInvoice: true });
  const requestor = await aUser(app, {
    role: 'customer',
    address: { line1: '1 Main St', city: 'Reno', region: 'NV', postalCode: '89501', country: 'US' },
  });
  issue = await anIssue(app, { requestorId: requestor.id });
  await billAmountDirect(app, {
    issue,
    realmId: app.qbo?.companies[0]?.realmId ?? '',
    amount: '250.00',
    description: issue.title,
  });
  const created = await staff.request('POST', `/api/issues/${issue.id}/invoice`);
  if (created.status !== 200) throw new Error(`invoice not created: ${JSON.stringify(created.body)}`);

  bundleDir = mkdtempSync(join(tmpdir(), 'deskbooks-list-invoices-'));
  const bundle = bundleHandler('list-invoices', bundleDir);
  const chunk = bundle.lazy.find((file) =>
    file.inputs.some((input) => input.startsWith('node_modules/intuit-oauth/')),
  );
  if (!chunk) throw new Error('intuit-oauth is not in a lazy chunk of list-invoices');
  intuitOAuthChunk = chunk;
  runner = spawn(process.execPath, [RUNNER, pathToFileURL(bundle.entry.path).href], {
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  answers = createInterface({ input: runner.stdout })[Symbol.asyncIterator]();
});

afterAll(async () => {
  runner?.kill();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  await app?.close();
});

describe('a QuickBooks Lambda’s cold start', () => {
  it('serves a request with a valid access token without loading intuit-oauth', async () => {
    const { result, loaded } = await invoke(listInvoicesEvent());

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}').items).toMatchObject([{ total: '250.00', status: 'unpaid' }]);
    expect(loaded).not.toContain(pathToFileURL(intuitOAuthChunk.path).href);
  });

  it('loads intuit-oauth to refresh a token that is about to expire, and still answers', async () => {
    await app.runtime.table.doc.send(
      new UpdateCommand({
        TableName: app.runtime.table.name,
        Key: qboConnectionKey(staffUser.id),
        UpdateExpression: 'SET accessTokenExpiresAt = :soon',
        ExpressionAttributeValues: { ':soon': new Date(Date.now() + MINUTE_MS).toISOString() },
      }),
    );

    const { result, loaded } = await invoke(listInvoicesEvent());

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}').items).toHaveLength(1);
    expect(loaded).toContain(pathToFileURL(intuitOAuthChunk.path).href);
    const after = await getQboConnection(app.runtime.table, staffUser.id, { consistent: true });
    expect(Date.parse(after?.accessTokenExpiresAt ?? '')).toBeGreaterThan(Date.now() + 50 * MINUTE_MS);
  });
});
