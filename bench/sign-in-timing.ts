// Does the time of a refused sign-in say whether the account exists (issue 15)? On the local stack as
// `npm start` runs it (gateway, handlers, DynamoDB Local), POST /api/session is timed for an unknown
// email, a known account's wrong password, a disabled account, and a locked known and unknown email,
// interleaved so drift hits every case alike. Prints the answers and the spread per case; never fails
// on the figures (only a stack that does not run exits non-zero).
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { ACCOUNT_POLICY, accountSubject, recordFailure } from '../shared/auth/sign-in-throttle';
import { startTestApp } from '../test/support/app-harness';
import { aUser } from '../test/support/builders';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60);
// Past the address's 15-minute window and every lock of the round before.
const ROUND_MS = 16 * 60 * 1000;

type Case = { name: string; email: (round: number) => string };
type Sample = { ms: number; status: number; code: string };

const percentile = (sorted: number[], share: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;

const main = async () => {
  const dynamo = await startDynamoDbLocal();
  const app = await startTestApp({ dynamoEndpoint: dynamo.endpoint, env: { LOG_LEVEL: 'warn' } });
  // Every attempt comes from this one address: the clock moves past the address's window each round,
  // so its own count never builds up and each case is timed on its own terms.
  let offsetMs = 0;
  app.runtime.now = () => new Date(Date.now() + offsetMs);
  const attempt = async (email: string): Promise<Sample> => {
    const started = performance.now();
    const response = await app.client().request('POST', '/api/session', { email, password: 'not it' });
    return {
      ms: performance.now() - started,
      status: response.status,
      code: response.body.error?.code ?? '',
    };
  };
  /** Locks an email as ten failed sign-ins would (without spending the address's count). */
  const lock = async (email: string) => {
    for (let failure = 0; failure < ACCOUNT_POLICY.lockAfter; failure += 1)
      await recordFailure(app.runtime.table, accountSubject(email), app.runtime.now());
  };

  const known = await Promise.all(Array.from({ length: SAMPLES }, () => aUser(app, { role: 'staff' })));
  const disabled = await Promise.all(
    Array.from({ length: SAMPLES }, () => aUser(app, { role: 'staff', enabled: false })),
  );
  const lockedKnown = await aUser(app, { role: 'staff' });
  const lockedUnknown = 'locked-nobody@example.com';
  const cases: Case[] = [
    { name: 'unknown email', email: (round) => `nobody-${round}@example.com` },
    { name: 'wrong password', email: (round) => known[round]?.email ?? '' },
    { name: 'disabled account', email: (round) => disabled[round]?.email ?? '' },
    { name: 'locked account', email: () => lockedKnown.email },
    { name: 'locked unknown email', email: () => lockedUnknown },
  ];
  const samples = new Map<string, Sample[]>(cases.map(({ name }) => [name, []]));
  for (let round = 0; round < SAMPLES; round += 1) {
    offsetMs += ROUND_MS;
    await lock(lockedKnown.email);
    await lock(lockedUnknown);
    for (const { name, email } of cases) samples.get(name)?.push(await attempt(email(round)));
  }

  console.log(`POST /api/session, ${SAMPLES} attempts per case, interleaved (ms)`);
  console.log(
    `${'case'.padEnd(22)}${'answers'.padEnd(28)}${'p10'.padStart(8)}${'median'.padStart(8)}${'p90'.padStart(8)}`,
  );
  const medians: Record<string, number> = {};
  for (const [name, list] of samples) {
    const times = list.map((sample) => sample.ms).sort((a, b) => a - b);
    const answers = [...new Set(list.map((sample) => `${sample.status} ${sample.code}`))].join(', ');
    medians[name] = percentile(times, 0.5);
    console.log(
      `${name.padEnd(22)}${answers.padEnd(28)}${percentile(times, 0.1).toFixed(1).padStart(8)}${percentile(times, 0.5).toFixed(1).padStart(8)}${percentile(times, 0.9).toFixed(1).padStart(8)}`,
    );
  }
  const gap = (a: string, b: string) => Math.abs((medians[a] ?? 0) - (medians[b] ?? 0)).toFixed(1);
  console.log(`median gap, unknown email vs wrong password: ${gap('unknown email', 'wrong password')} ms`);
  console.log(
    `median gap, locked unknown vs locked account: ${gap('locked unknown email', 'locked account')} ms`,
  );
  await app.close();
  await dynamo.stop();
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
