// Bundles every Lambda's handler (one per route group, and the tasks: migrations, QBO events worker, CDC
// backstop) exactly as the stack does (infra/lambda-bundling.ts) and prints, per Lambda, its budget, the
// minified and gzipped code a cold start loads (the entry and the chunks it imports statically), the
// chunks left for `import()`, and how long a fresh Node process takes to import the bundle (the
// module-loading part of a cold start), as deployed. Writes each bundle and its esbuild metafile under
// .bench/bundles/ for a look inside (https://esbuild.github.io/analyze/ reads the metafile). Prints
// figures; never fails.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BundleFile, bundleHandler, FUNCTION_NAMES, type FunctionName } from '../infra/lambda-bundling';
import { PROJECT_ROOT } from '../infra/project-paths';

// Import times on a shared machine scatter by ±20%: enough runs for a steady median.
const IMPORT_RUNS = 9;
const KIB = 1024;
const OUT_DIR = join(PROJECT_ROOT, '.bench', 'bundles');

type Budget = { coldStartKiB: number; importMs: number };
// 252: the origin check every API request now passes first (about 1.4 KiB) took users past 250.
// 253: every function carries the route table, which gained GET /api/openapi.json.
const PLAIN: Budget = { coldStartKiB: 253, importMs: 100 };
// The OpenAPI function is the plain one plus the document itself (docs/openapi.json, about 270 KiB
// as a minified object literal), which grows with each route: no schema or generator at run time.
const DOCUMENT: Budget = { coldStartKiB: 560, importMs: 100 };
// Passkeys: the WebAuthn answers' schemas (zod's splitting keeps their schema kinds, ~3 KiB, at cold
// start) and the credential and challenge storage; @simplewebauthn/server itself loads on use.
// Accounts: the password change (scrypt, the sign-in throttle) and, in users, an admin's password reset,
// which ends the user's sessions and audits it; every group also carries the passkey routes' table rows.
const ACCOUNTS: Budget = { coldStartKiB: 256, importMs: 100 };
const PASSKEYS: Budget = { coldStartKiB: 262, importMs: 100 };
// The QuickBooks groups also carry the v3 API client, the token refresh and the QBO services.
const QUICKBOOKS: Budget = { coldStartKiB: 400, importMs: 100 };
const BUDGETS = {
  session: PLAIN,
  account: ACCOUNTS,
  users: ACCOUNTS,
  issues: PLAIN,
  billing: PLAIN,
  settings: PLAIN,
  'mfa-setup': PLAIN,
  'mfa-verify': PASSKEYS,
  passkeys: PASSKEYS,
  'qbo-webhooks': PLAIN,
  invoices: PLAIN,
  jobs: QUICKBOOKS,
  openapi: DOCUMENT,
  'sync-user': QUICKBOOKS,
  'create-invoice': QUICKBOOKS,
  'list-invoices': QUICKBOOKS,
  'qbo-items': QUICKBOOKS,
  'invoice-delivery': QUICKBOOKS,
  'oauth-start': QUICKBOOKS,
  'oauth-callback': QUICKBOOKS,
  'qbo-connection': QUICKBOOKS,
  'sync-health': QUICKBOOKS,
  // The stream's worker and the scheduled backstop re-read QuickBooks like the groups above.
  'qbo-events': QUICKBOOKS,
  'qbo-cdc': QUICKBOOKS,
  'qbo-jobs': QUICKBOOKS,
  // Once per deploy, not per request; still no reason to carry more than the API does.
  migrate: PLAIN,
  // Once a month, off the request path; its two SDK clients are what it is for.
  'origin-secret-rotation': QUICKBOOKS,
} satisfies Record<FunctionName, Budget>;

// Importing a handler loads its config at module scope; give it what Lambda would, minus real AWS.
const childEnv = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'deskbooks-bench',
  SECRET_ID: 'deskbooks-bench',
  ORIGIN_SECRET_ID: 'deskbooks-bench-origin',
  DISTRIBUTION_ID: 'EDESKBOOKSBENCH',
  PUBLIC_URL: 'https://deskbooks.example.com',
  INTUIT_ENVIRONMENT: 'sandbox',
  LOG_LEVEL: 'error',
};

type Row = {
  group: FunctionName;
  budget: Budget;
  coldStartBytes: number;
  coldStartGzipBytes: number;
  lazyBytes: number;
  lazyChunks: number;
  importMs: number | string;
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const timeImport = (bundle: string): number => {
  const url = pathToFileURL(bundle).href;
  const script = `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: childEnv,
    cwd: tmpdir(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return Number(output.trim().split('\n').at(-1));
};

const medianImport = (bundle: string): number | string => {
  try {
    return median(Array.from({ length: IMPORT_RUNS }, () => timeImport(bundle)));
  } catch (error) {
    return `import failed: ${(error as { stderr?: string }).stderr?.split('\n')[0] ?? String(error)}`;
  }
};

const sum = (files: BundleFile[], size: (file: BundleFile) => number) =>
  files.reduce((total, file) => total + size(file), 0);

const measure = (group: FunctionName): Row => {
  const outDir = join(OUT_DIR, group);
  rmSync(outDir, { recursive: true, force: true });
  const { metafile, entry, atColdStart, lazy } = bundleHandler(group, outDir);
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify(metafile));
  return {
    group,
    budget: BUDGETS[group],
    coldStartBytes: sum(atColdStart, (file) => file.bytes),
    coldStartGzipBytes: sum(atColdStart, (file) => gzipSync(readFileSync(file.path)).length),
    lazyBytes: sum(lazy, (file) => file.bytes),
    lazyChunks: lazy.length,
    importMs: medianImport(entry.path),
  };
};

const kib = (bytes: number) => `${(bytes / KIB).toFixed(1)} KiB`;
const ms = (value: number | string) => (typeof value === 'number' ? `${value.toFixed(0)} ms` : value);

const overBudget = (row: Row): string[] => {
  const problems: string[] = [];
  if (row.coldStartBytes > row.budget.coldStartKiB * KIB)
    problems.push(`${kib(row.coldStartBytes)} at cold start, budget ${row.budget.coldStartKiB} KiB`);
  if (typeof row.importMs !== 'number') problems.push(row.importMs);
  else if (row.importMs > row.budget.importMs)
    problems.push(`import ${ms(row.importMs)}, budget ${row.budget.importMs} ms`);
  return problems;
};

const printTable = (rows: Row[]) => {
  const lines = [
    ['group', 'budget', 'cold start', 'gzip', 'lazy chunks', 'import', ''],
    ...rows.map((row) => [
      row.group,
      `${row.budget.coldStartKiB} KiB, ${row.budget.importMs} ms`,
      kib(row.coldStartBytes),
      kib(row.coldStartGzipBytes),
      `${kib(row.lazyBytes)} in ${row.lazyChunks}`,
      ms(row.importMs),
      overBudget(row).length ? 'OVER' : 'ok',
    ]),
  ];
  const widths =
    lines[0]?.map((_, column) => Math.max(...lines.map((line) => line[column]?.length ?? 0))) ?? [];
  for (const line of lines)
    console.log(line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
  console.log(
    `\ncold start: the entry and the chunks it imports statically, minified; lazy chunks load on \`import()\`.` +
      `\nimport: median of ${IMPORT_RUNS} fresh \`node\` processes each, with the Lambda's environment.`,
  );
  const over = rows.flatMap((row) => overBudget(row).map((problem) => `  ${row.group}: ${problem}`));
  console.log(over.length ? `\nover budget:\n${over.join('\n')}` : '\nevery function is within its budget');
  console.log(`\nbundles and esbuild metafiles: ${relative(process.cwd(), OUT_DIR)}/<group>/`);
};

mkdirSync(OUT_DIR, { recursive: true });
console.log(
  `node ${process.version} (${process.execPath}), bundled by infra/lambda-bundling.ts as the stack deploys\n`,
);
printTable(FUNCTION_NAMES.map(measure));
