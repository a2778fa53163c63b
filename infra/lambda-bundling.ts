import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { ROUTE_GROUPS, type RouteGroup } from '../shared/routes';
import { PROJECT_ROOT } from './project-paths';

// The one description of how a handler is bundled: the stack deploys what `bundleHandler` writes and
// bench/bundle-size.ts measures the same call, so the bench measures what ships.
//
// Code splitting is why this is not NodejsFunction (which always writes a single --outfile): what a
// handler reaches only through `import()` (intuit-oauth, the Secrets Manager client, the SDK's
// fallback credential providers) lands in its own chunk and is read only when a request needs it.

const ENTRY_FILE = 'index';
const ENTRY_EXTENSION = '.mjs';

export const HANDLER = `${ENTRY_FILE}.handler`;

/**
 * Lambdas no route reaches: each deploy runs `migrate` (infra/data-migration.ts), as `npm start` does;
 * the table's stream drives `qbo-events` and a schedule `qbo-cdc` (infra/qbo-event-pipeline.ts);
 * Secrets Manager runs `origin-secret-rotation` (infra/origin-secret.ts).
 */
const TASK_FUNCTIONS = ['migrate', 'qbo-events', 'qbo-cdc', 'qbo-jobs', 'origin-secret-rotation'] as const;
type TaskFunction = (typeof TASK_FUNCTIONS)[number];
/** Every Lambda: one per route group and one per task, each bundled from functions/<name>/handler.ts. */
export type FunctionName = RouteGroup | TaskFunction;
export const FUNCTION_NAMES: readonly FunctionName[] = [...ROUTE_GROUPS, ...TASK_FUNCTIONS];

export const handlerEntryOf = (name: FunctionName) => join(PROJECT_ROOT, 'functions', name, 'handler.ts');

const esbuildOptionsFor = (entry: string): BuildOptions => ({
  entryPoints: { [ENTRY_FILE]: entry },
  // Built as if it sat at the project root and then written where asked, so a bundle is the same bytes
  // wherever it lands (source maps name `shared/…` and `node_modules/…` as in the repository).
  outdir: PROJECT_ROOT,
  write: false,
  absWorkingDir: PROJECT_ROOT,
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  outExtension: { '.js': ENTRY_EXTENSION },
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  // Maps beside the code but not linked from it, so Node never reads them at import (see
  // shared/platform/source-mapped-stack.ts, which maps logged errors). Without the sources, a map
  // is a third the size.
  sourcemap: 'external',
  sourcesContent: false,
  // ESM output has no `require`; CJS dependencies (intuit-oauth → axios, winston) call it at load time.
  banner: {
    js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  },
  // Prefer packages' ESM builds so esbuild can tree-shake them.
  mainFields: ['module', 'main'],
  // Ship the pinned, tested AWS SDK instead of whatever version the Lambda runtime carries.
  external: [],
  // On Lambda, credentials are in the environment: see the module for why the chain is cut.
  alias: { '@aws-sdk/credential-provider-node': './shared/platform/lambda-credentials.ts' },
  metafile: true,
  logLevel: 'warning',
});

/** Bundles one Lambda's handler into `outdir` (index.mjs plus lazily loaded chunks). */
export const bundleHandler = (name: FunctionName, outdir: string): BundleLayout => {
  const { metafile, outputFiles } = buildSync(esbuildOptionsFor(handlerEntryOf(name)));
  if (!metafile || !outputFiles) throw new Error(`esbuild returned no output for ${name}`);
  for (const file of outputFiles) {
    const target = join(outdir, relative(PROJECT_ROOT, file.path));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
  }
  return bundleLayoutOf(name, metafile, outdir);
};

export type BundleFile = {
  /** Absolute path of the written file. */
  path: string;
  bytes: number;
  /** The source files (project-relative, `node_modules/…` for packages) that went into it. */
  inputs: string[];
};

export type BundleLayout = {
  /** esbuild's account of every output and input, for anyone who wants to look inside. */
  metafile: Metafile;
  entry: BundleFile;
  /** The entry and every chunk it imports statically: what a cold start reads and evaluates. */
  atColdStart: BundleFile[];
  /** Chunks reached only through `import()`: read when a request first needs them. */
  lazy: BundleFile[];
};

/** Splits a bundle's code files (source maps aside) into what a cold start loads and what waits. */
const bundleLayoutOf = (name: FunctionName, metafile: Metafile, outdir: string): BundleLayout => {
  const outputs = Object.entries(metafile.outputs).filter(([path]) => path.endsWith(ENTRY_EXTENSION));
  const fileOf = (path: string): BundleFile => {
    const output = metafile.outputs[path];
    if (!output) throw new Error(`no output ${path} in the metafile`);
    return { path: join(outdir, path), bytes: output.bytes, inputs: Object.keys(output.inputs) };
  };
  // Chunks reached by `import()` are entry points too: find the handler's own.
  const handlerSource = relative(PROJECT_ROOT, handlerEntryOf(name));
  const [entryPath] = outputs.find(([, output]) => output.entryPoint === handlerSource) ?? [];
  if (!entryPath) throw new Error('the metafile has no entry output');
  const loaded = new Set<string>();
  const load = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) load(imported.path);
  };
  load(entryPath);
  return {
    metafile,
    entry: fileOf(entryPath),
    atColdStart: [...loaded].map(fileOf),
    lazy: outputs.filter(([path]) => !loaded.has(path)).map(([path]) => fileOf(path)),
  };
};

/**
 * The deployable code of a Lambda, bundled on this machine by esbuild from devDependencies
 * (Docker is not available on the team's machines, so the image below is never pulled). Hashed by
 * output, as NodejsFunction does, so an unchanged bundle is not uploaded again.
 */
export const handlerCode = (name: FunctionName): lambda.Code =>
  lambda.Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('dummy'),
      // CDK caches bundles by these options and a function in them does not count: without the name
      // in them, every Lambda would get the first one's bundle.
      environment: { FUNCTION_NAME: name },
      local: {
        tryBundle: (outputDir) => {
          bundleHandler(name, outputDir);
          return true;
        },
      },
    },
  });
