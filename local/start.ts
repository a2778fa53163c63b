import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CDC_INTERVAL_MINUTES } from '../shared/event-sources';
import { ensureTable } from './create-table';
import { deadLetterFile } from './dead-letter-file';
import { describeMigrations } from './describe-migrations';
import { JavaMissingError, startDynamoDbLocal } from './dynamodb-local';
import { startQboEmulator } from './qbo-emulator';
import { ensureOriginSecretFile, ensureSecretsFile } from './secrets-file';

const ROOT = resolve(import.meta.dirname, '..');
const STATE_DIR = resolve(ROOT, '.local');
const TABLE_NAME = 'deskbooks';

const { values: flags } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
if (existsSync(resolve(ROOT, '.env'))) process.loadEnvFile(resolve(ROOT, '.env'));

const port = Number(process.env.PORT ?? 3000);
const admin = {
  email: process.env.DESKBOOKS_ADMIN_EMAIL ?? 'admin@deskbooks.local',
  password: process.env.DESKBOOKS_ADMIN_PASSWORD ?? 'deskbooks-admin-1',
};
const staffPassword = process.env.DESKBOOKS_STAFF_PASSWORD ?? 'deskbooks-staff-1';
const cdcIntervalMinutes = Number(process.env.CDC_INTERVAL_MINUTES ?? CDC_INTERVAL_MINUTES);
if (!(cdcIntervalMinutes > 0)) {
  console.error(
    `CDC_INTERVAL_MINUTES must be a number of minutes above 0; got ${process.env.CDC_INTERVAL_MINUTES}`,
  );
  process.exit(1);
}
const deadLettersDir = resolve(STATE_DIR, 'dead-letters');

/** The worker's events and the backstop's runs as they flow on AWS: the stream, the schedule, dead letters. */
const startLocalEventPipeline = async (endpoint: string) => {
  const { startEventPipeline } = await import('./event-pipeline');
  return startEventPipeline({
    endpoint,
    tableName: TABLE_NAME,
    cdcIntervalMinutes,
    timer: true,
    checkpointFile: resolve(STATE_DIR, 'stream-checkpoints.json'),
    workerDeadLetters: deadLetterFile(
      resolve(deadLettersDir, 'qbo-events.jsonl'),
      (letter) =>
        `QBO events worker: ${letter.records.length} event(s) dead-lettered (${letter.requestContext.condition}` +
        `${letter.error ? `: ${letter.error}` : ''})`,
    ),
    backstopFailures: deadLetterFile(
      resolve(deadLettersDir, 'qbo-cdc.jsonl'),
      (failure) => `QBO backstop run failed: ${failure.responsePayload.errorMessage}`,
    ),
  });
};

/** Enter in the terminal runs the backstop at once (reading lines, not keys, leaves Ctrl-C to the terminal). */
const runBackstopOnEnter = (runNow: () => Promise<{ companies: number; changes: number }>) => {
  if (!process.stdin.isTTY) return undefined;
  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on('line', () => {
    runNow().then(
      ({ companies, changes }) =>
        console.log(`Backstop: ${changes} change(s) from ${companies} company(ies)`),
      (error: unknown) => console.error('Backstop failed:', error),
    );
  });
  return lines;
};

const main = async () => {
  const dataDir = resolve(STATE_DIR, 'dynamodb');
  if (flags.fresh) rmSync(dataDir, { recursive: true, force: true });
  const dynamo = await startDynamoDbLocal({ dataDir });
  const tableCreated = await ensureTable(dynamo.endpoint, TABLE_NAME);

  const publicUrl = `http://localhost:${port}`;
  // With Intuit credentials the app talks to Intuit itself; without, to the local QBO emulator.
  const realIntuit = Boolean(process.env.INTUIT_CLIENT_ID && process.env.INTUIT_CLIENT_SECRET);
  const emulator = realIntuit
    ? undefined
    : await startQboEmulator({
        port: Number(process.env.QBO_EMULATOR_PORT ?? 4010),
        redirectUris: [`${publicUrl}/api/qbo/callback`, `http://127.0.0.1:${port}/api/qbo/callback`],
      });
  const secretsFile = resolve(STATE_DIR, 'secrets.json');
  const { webhookVerifierToken } = ensureSecretsFile(secretsFile, {
    clientId: emulator?.clientId ?? process.env.INTUIT_CLIENT_ID ?? '',
    clientSecret: emulator?.clientSecret ?? process.env.INTUIT_CLIENT_SECRET ?? '',
    ...(process.env.INTUIT_WEBHOOK_VERIFIER_TOKEN
      ? { webhookVerifierToken: process.env.INTUIT_WEBHOOK_VERIFIER_TOKEN }
      : {}),
  });
  const originSecretFile = resolve(STATE_DIR, 'origin-secret.json');
  ensureOriginSecretFile(originSecretFile);
  // The emulator posts its changes to the app like Intuit does, signed with the app's verifier token;
  // its retry schedule runs 60 times faster (6 h in 6 min).
  emulator?.configureWebhooks({
    url: `${publicUrl}/api/qbo/webhooks`,
    verifierToken: webhookVerifierToken,
    timeScale: 60,
  });
  Object.assign(process.env, {
    TABLE_NAME,
    AWS_REGION: 'local',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SECRETS_FILE: secretsFile,
    ORIGIN_SECRET_FILE: originSecretFile,
    PUBLIC_URL: publicUrl,
    SECURE_COOKIES: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    INTUIT_ENVIRONMENT: process.env.INTUIT_ENVIRONMENT ?? 'sandbox',
    ...(emulator ? { INTUIT_BASE_URL: emulator.url } : {}),
  });

  // Imported only now: the handlers read their configuration from the environment set above.
  const { runtime } = await import('../shared/runtime');
  const { handler: migrate } = await import('../functions/migrate/handler');
  const { ensureAdmin, seedDemoData } = await import('./seed');
  const { startGateway } = await import('./gateway');
  // The migrations each deploy runs (functions/migrate), run here before anything reads the data.
  const migrated = await migrate();
  const adminUser = await ensureAdmin(runtime, admin);
  if (tableCreated) await seedDemoData(runtime, adminUser, staffPassword);
  const gateway = await startGateway({
    port,
    host: '0.0.0.0',
    webRoot: resolve(ROOT, 'web/dist'),
    originSecretFile,
  });
  const events = await startLocalEventPipeline(dynamo.endpoint);
  const enter = runBackstopOnEnter(events.schedule.runNow);

  console.log(`
Deskbooks is running at ${publicUrl}
  Sign in as the admin: ${admin.email} / ${admin.password}
  Staff accounts:       sam@deskbooks.local, jordan@deskbooks.local / ${staffPassword}
  QuickBooks:           ${emulator ? `local emulator at ${emulator.url} (set INTUIT_CLIENT_ID/SECRET for Intuit)` : `Intuit ${process.env.INTUIT_ENVIRONMENT ?? 'sandbox'}`}
  Database:             ${flags.fresh ? 'fresh' : 'kept in .local/dynamodb'}${tableCreated ? ' (demo data seeded)' : ''}
  Migrations:           ${describeMigrations(migrated)}
  QuickBooks events:    the worker reads the table's stream; the backstop runs every ${cdcIntervalMinutes} min${enter ? ' (Enter: now)' : ''}
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Deskbooks…');
    enter?.close();
    await gateway.close();
    await events.stop();
    await emulator?.close();
    await dynamo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

main().catch((error: unknown) => {
  console.error(error instanceof JavaMissingError ? error.message : error);
  process.exit(1);
});
