import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskbooksApp } from '../../infra/deskbooks-app';
import { bundleHandler, FUNCTION_NAMES, type FunctionName } from '../../infra/lambda-bundling';

// What `cdk synth` stages as each Lambda's code must be the very bundle bench/bundle-size.ts measures,
// and it must hold the chunks its entry loads.

type LambdaResource = { Properties: { Description?: string }; Metadata?: Record<string, string> };

let outdir: string;
let template: Template;

/** Each file under `dir` (relative path) and the sha256 of its bytes. */
const filesUnder = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const path = join(entry.parentPath, entry.name);
        return [relative(dir, path), createHash('sha256').update(readFileSync(path)).digest('hex')];
      }),
  );

// How each Lambda's description starts (infra/api-functions.ts, data-migration.ts, qbo-event-pipeline.ts).
const TASK_DESCRIPTIONS: Partial<Record<FunctionName, string>> = {
  migrate: 'Deskbooks migration:',
  'qbo-events': 'Deskbooks QBO events:',
  'qbo-cdc': 'Deskbooks QBO CDC backstop:',
  'qbo-jobs': 'Deskbooks QBO jobs:',
  'origin-secret-rotation': 'Deskbooks origin secret rotation:',
};
const isFunctionOf = (name: FunctionName, description = '') => {
  const taskPrefix = TASK_DESCRIPTIONS[name];
  return taskPrefix ? description.startsWith(taskPrefix) : description === `Deskbooks API: ${name}`;
};

const stagedCodeOf = (name: FunctionName): string => {
  const functions = Object.values(template.findResources('AWS::Lambda::Function')) as LambdaResource[];
  const fn = functions.find((resource) => isFunctionOf(name, resource.Properties.Description));
  const assetPath = fn?.Metadata?.['aws:asset:path'];
  if (!assetPath) throw new Error(`no staged code for ${name}`);
  return join(outdir, assetPath);
};

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'deskbooks-cdk-bundles-'));
  const webAssetsDir = join(outdir, 'web-dist');
  mkdirSync(webAssetsDir);
  writeFileSync(join(webAssetsDir, 'index.html'), '<!doctype html><title>Deskbooks</title>');
  // Bundling on, as `npx cdk synth` runs it.
  const { app, stack } = createDeskbooksApp({
    // The CLI sets asset metadata on; it names each function's staged code directory.
    context: { publicUrl: 'https://helpdesk.example.org', 'aws:cdk:enable-asset-metadata': true },
    outdir,
    webAssetsDir,
  });
  template = Template.fromStack(stack);
  app.synth();
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('each Lambda’s staged code', () => {
  it.each(FUNCTION_NAMES)(
    '%s is the bundle the bench measures, byte for byte, without one-machine code',
    (name) => {
      const benchDir = join(outdir, 'bench', name);
      const layout = bundleHandler(name, benchDir);

      const staged = filesUnder(stagedCodeOf(name));

      expect(staged).toEqual(filesUnder(benchDir));
      const codeFiles = [...layout.atColdStart, ...layout.lazy].map((file) => relative(benchDir, file.path));
      expect(Object.keys(staged)).toEqual(expect.arrayContaining(['index.mjs', ...codeFiles]));
      // The one-machine stream poller's client (a devDependency) never ships.
      const inputs = [...layout.atColdStart, ...layout.lazy].flatMap((file) => file.inputs);
      expect(inputs.filter((input) => input.includes('client-dynamodb-streams'))).toEqual([]);
    },
  );
});
