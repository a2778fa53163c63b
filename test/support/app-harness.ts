import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';
import { ensureTable } from '../../local/create-table';
import { freePort } from '../../local/dynamodb-local';
import type { EventPipeline } from '../../local/event-pipeline';
import { type SandboxCompany, startQboEmulator } from '../../local/qbo-emulator';
import { ensureOriginSecretFile, ensureSecretsFile } from '../../local/secrets-file';
import type { DeadLetter } from '../../local/stream-event';

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

type TestEventPipeline = EventPipeline & { deadLetters: DeadLetter[] };

const startTestEventPipeline = async (endpoint: string, tableName: string): Promise<TestEventPipeline> => {
  const { startEventPipeline } = await import('../../local/event-pipeline');
  const deadLetters: DeadLetter[] = [];
  const pipeline = await startEventPipeline({
    endpoint,
    tableName,
    cdcIntervalMinutes: 15,
    timer: false,
    pollIntervalMs: 50,
    workerDeadLetters: (letter) => void deadLetters.push(letter),
    // Without its timer the backstop runs only by runNow, which throws what a run throws.
    backstopFailures: () => undefined,
  });
  return { ...pipeline, deadLetters };
};

const eventsOff = (): never => {
  throw new Error('startTestApp({ events: true }) starts the event pipeline');
};

/** The pipeline as tests use it; without `events: true` every call says how to turn it on. */
const eventsOf = (pipeline: TestEventPipeline | undefined) => ({
  events: {
    /** Resolves once every stream record written so far is handled, skipped by the filter or dead-lettered. */
    settled: () =>
      pipeline
        ? Promise.all([pipeline.poller.settled(), pipeline.jobsPoller.settled()]).then(() => {})
        : eventsOff(),
    /** What the worker gave up on after the retries, as the dead-letter queue would receive it (and the records). */
    get deadLetters(): readonly DeadLetter[] {
      return pipeline?.deadLetters ?? eventsOff();
    },
  },
  backstop: {
    /** One backstop run now, as its schedule would start it; its result, or what it threw. */
    runNow: () => pipeline?.schedule.runNow() ?? eventsOff(),
  },
});

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
    /**
     * Drives the QBO events worker from the table's stream, as Lambda's event source mapping does, and
     * keeps the CDC backstop's schedule without its timer: the test says when it runs.
     */
    events?: boolean;
    /**
     * The host name of the app's public URL (the gateway listens on loopback either way). Passkeys
     * need `localhost`: WebAuthn refuses an IP address as the relying party id.
     */
    host?: 'localhost' | '127.0.0.1';
  } = {},
) => {
  const endpoint = options.dynamoEndpoint ?? inject('dynamoEndpoint');
  const port = await freePort();
  const publicUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const qbo = options.qbo
    ? await startQboEmulator({
        port: 0,
        redirectUris: [`${publicUrl}/api/qbo/callback`],
        ...(typeof options.qbo === 'object' ? { companies: options.qbo.companies } : {}),
      })
    : undefined;
  const tableName = `test-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  const stateDir = mkdtempSync(join(tmpdir(), 'deskbooks-'));
  const secretsFile = join(stateDir, 'secrets.json');
  const originSecretFile = join(stateDir, 'origin-secret.json');
  ensureOriginSecretFile(originSecretFile);
  const { webhookVerifierToken } = ensureSecretsFile(secretsFile, {
    clientId: qbo?.clientId ?? '',
    clientSecret: qbo?.clientSecret ?? '',
  });
  // With the pipeline running, QuickBooks' changes come back as in production: by signed webhook.
  if (qbo && options.events)
    qbo.configureWebhooks({ url: `${publicUrl}/api/qbo/webhooks`, verifierToken: webhookVerifierToken });
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: 'local',
    DYNAMODB_ENDPOINT: endpoint,
    SECRETS_FILE: secretsFile,
    ORIGIN_SECRET_FILE: originSecretFile,
    PUBLIC_URL: publicUrl,
    SECURE_COOKIES: 'false',
    LOG_LEVEL: 'error',
    INTUIT_ENVIRONMENT: 'sandbox',
    ...(qbo ? { INTUIT_BASE_URL: qbo.url } : {}),
    ...options.env,
  });
  const { runtime } = await import('../../shared/runtime');
  const { startGateway } = await import('../../local/gateway');
  const gateway = await startGateway({
    port,
    webRoot: resolve(import.meta.dirname, '../../web/dist'),
    originSecretFile,
  });
  const baseUrl = publicUrl;
  const pipeline = options.events ? await startTestEventPipeline(endpoint, tableName) : undefined;

  /** A client of the app; `via` sends its requests to a proxy in front of the app instead. */
  const client = (cookie?: string, via = baseUrl): TestClient => {
    const self: TestClient = {
      cookie,
      async request(method, path, body, headers = {}) {
        const response = await fetch(`${via}${path}`, {
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
    await pipeline?.stop();
    await gateway.close();
    await qbo?.close();
  };
  return {
    runtime,
    baseUrl,
    gateway,
    qbo,
    tableName,
    /** The origin secret the handlers check and the gateway sends, as `npm start` keeps it. */
    originSecretFile,
    /** What Intuit signs webhook deliveries with (the app's secrets file holds it). */
    webhookVerifierToken,
    client,
    close,
    ...eventsOf(pipeline),
  };
};

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;
