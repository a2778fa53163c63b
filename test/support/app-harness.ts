import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { ensureTable } from '../../local/create-table';
import { freePort } from '../../local/dynamodb-local';
import { type SandboxCompany, startQboEmulator } from '../../local/qbo-emulator';
import { ensureSecretsFile } from '../../local/secrets-file';

export type TestResponse<T = unknown> = { status: number; body: T; headers: Headers; cookies: string[] };

export type TestClient = {
  cookie?: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests assert response bodies field by field
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse<T>>;
};

/**
 * Starts the app as `npm start` runs it (same gateway, handlers and middleware) on a fresh table in
 * the run's DynamoDB Local. Call once per test file, in beforeAll.
 */
export const startTestApp = async (
  options: {
    env?: Record<string, string>;
    /** Starts the QBO emulator, with its default companies or these. */
    qbo?: boolean | { companies: readonly SandboxCompany[] };
    dynamoEndpoint?: string;
  } = {},
) => {
  const endpoint = options.dynamoEndpoint ?? inject('dynamoEndpoint');
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const qbo = options.qbo
    ? await startQboEmulator({
        port: 0,
        redirectUris: [`${publicUrl}/api/qbo/callback`],
        ...(typeof options.qbo === 'object' ? { companies: options.qbo.companies } : {}),
      })
    : undefined;
  const tableName = `test-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  const secretsFile = join(mkdtempSync(join(tmpdir(), 'deskbooks-')), 'secrets.json');
  ensureSecretsFile(secretsFile, { clientId: qbo?.clientId ?? '', clientSecret: qbo?.clientSecret ?? '' });
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: 'local',
    DYNAMODB_ENDPOINT: endpoint,
    SECRETS_FILE: secretsFile,
    PUBLIC_URL: publicUrl,
    SECURE_COOKIES: 'false',
    LOG_LEVEL: 'error',
    INTUIT_ENVIRONMENT: 'sandbox',
    ...(qbo ? { INTUIT_BASE_URL: qbo.url } : {}),
    ...options.env,
  });
  const { runtime } = await import('../../shared/runtime');
  const { startGateway } = await import('../../local/gateway');
  const gateway = await startGateway({ port, webRoot: resolve(import.meta.dirname, '../../web/dist') });
  const baseUrl = publicUrl;

  const client = (cookie?: string): TestClient => {
    const self: TestClient = {
      cookie,
      async request(method, path, body, headers = {}) {
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          redirect: 'manual',
          headers: {
            ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
            ...(self.cookie ? { cookie: self.cookie } : {}),
            ...headers,
          },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        const text = await response.text();
        const cookies = response.headers.getSetCookie();
        return {
          status: response.status,
          body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
          headers: response.headers,
          cookies,
        };
      },
    };
    return self;
  };

  const close = async () => {
    await gateway.close();
    await qbo?.close();
  };
  return { runtime, baseUrl, gateway, qbo, tableName, client, close };
};

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;
