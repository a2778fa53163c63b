// Bundles every route group's handler exactly as the stack does and prints, per Lambda, the
// minified and gzipped size and how long a fresh Node process takes to import the bundle
// (a proxy for the module-loading part of a cold start), with source maps enabled as deployed and
// without, since Node reads the whole map at import when they are on. Prints figures; never fails.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { esbuildOptionsFor, SOURCE_MAP_NODE_OPTIONS } from '../infra/lambda-bundling';
import { PROJECT_ROOT } from '../infra/project-paths';
import { ROUTE_GROUPS } from '../shared/routes';

const IMPORT_RUNS = 5;

// Importing a handler loads its config at module scope; give it what Lambda would, minus real AWS.
const childEnv = {
  PATH: process.env.PATH,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'deskbooks-bench',
  SECRET_ID: 'deskbooks-bench',
  PUBLIC_URL: 'https://deskbooks.example.com',
  INTUIT_ENVIRONMENT: 'sandbox',
  LOG_LEVEL: 'error',
};

type Row = {
  group: string;
  bytes: number;
  gzipBytes: number;
  importMs: number | string;
  importWithoutMapsMs: number | string;
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const timeImport = (bundle: string, nodeOptions: string): number => {
  const url = pathToFileURL(bundle).href;
  const script = `const t = performance.now(); await import(${JSON.stringify(url)}); console.log(performance.now() - t);`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...childEnv, NODE_OPTIONS: nodeOptions },
    cwd: tmpdir(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return Number(output.trim().split('\n').at(-1));
};

const medianImport = (bundle: string, nodeOptions: string): number | string => {
  try {
    return median(Array.from({ length: IMPORT_RUNS }, () => timeImport(bundle, nodeOptions)));
  } catch (error) {
    return `import failed: ${(error as { stderr?: string }).stderr?.split('\n')[0] ?? String(error)}`;
  }
};

const unmeasured = (group: string, reason: string): Row => ({
  group,
  bytes: 0,
  gzipBytes: 0,
  importMs: reason,
  importWithoutMapsMs: '',
});

const measure = async (group: string, outDir: string): Promise<Row> => {
  const entry = join(PROJECT_ROOT, 'functions', group, 'handler.ts');
  if (!existsSync(entry)) return unmeasured(group, 'no handler yet');
  const outfile = join(outDir, group, 'index.mjs');
  try {
    await build(esbuildOptionsFor(entry, outfile));
  } catch (error) {
    return unmeasured(group, `bundling failed: ${String(error).split('\n')[0]}`);
  }
  const code = readFileSync(outfile);
  return {
    group,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    importMs: medianImport(outfile, SOURCE_MAP_NODE_OPTIONS),
    importWithoutMapsMs: medianImport(outfile, ''),
  };
};

const kb = (bytes: number) => (bytes ? `${(bytes / 1024).toFixed(1)} KiB` : '-');
const ms = (value: number | string) => (typeof value === 'number' ? `${value.toFixed(0)} ms` : value);

const printTable = (rows: Row[]) => {
  const lines = [
    ['group', 'minified', 'gzip', 'import (as deployed)', 'import (no source maps)'],
    ...rows.map((row) => [
      row.group,
      kb(row.bytes),
      kb(row.gzipBytes),
      ms(row.importMs),
      ms(row.importWithoutMapsMs),
    ]),
  ];
  const widths =
    lines[0]?.map((_, column) => Math.max(...lines.map((line) => line[column]?.length ?? 0))) ?? [];
  for (const line of lines)
    console.log(line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
  console.log(
    `\nimport: median of ${IMPORT_RUNS} fresh \`node\` processes each; "as deployed" sets ${SOURCE_MAP_NODE_OPTIONS}.`,
  );
};

const outDir = mkdtempSync(join(tmpdir(), 'deskbooks-bundles-'));
try {
  console.log(
    `node ${process.version} (${process.execPath}), esbuild options from infra/lambda-bundling.ts\n`,
  );
  const rows: Row[] = [];
  for (const group of ROUTE_GROUPS) rows.push(await measure(group, outDir));
  printTable(rows);
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
