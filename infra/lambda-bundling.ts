import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

// The one description of how a handler is bundled: the stack hands it to NodejsFunction and
// bench/bundle-size.ts hands the same values to esbuild, so the bench measures what ships.
const ESBUILD_TARGET = 'node24';
// ESM output has no `require`; CJS dependencies (intuit-oauth → axios, winston) call it at load time.
const CREATE_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";
// Prefer packages' ESM builds so esbuild can tree-shake them.
const MAIN_FIELDS = ['module', 'main'];

export const LAMBDA_BUNDLING: BundlingOptions = {
  target: ESBUILD_TARGET,
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: true,
  // Node maps stack traces without the sources; leaving them out makes the map a third the size.
  sourcesContent: false,
  banner: CREATE_REQUIRE_BANNER,
  mainFields: MAIN_FIELDS,
  // Ship the pinned, tested AWS SDK instead of whatever version the Lambda runtime carries.
  externalModules: [],
  // Docker is not available on the team's machines; esbuild from devDependencies bundles locally.
  forceDockerBundling: false,
};

/** Lambda needs this flag to read the source maps the bundle ships. */
export const SOURCE_MAP_NODE_OPTIONS = '--enable-source-maps';

/** The esbuild options NodejsFunction derives from LAMBDA_BUNDLING, for bundling outside CDK. */
export const esbuildOptionsFor = (entry: string, outfile: string): BuildOptions => ({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: ESBUILD_TARGET,
  format: 'esm',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  banner: { js: CREATE_REQUIRE_BANNER },
  mainFields: MAIN_FIELDS,
  external: [],
  logLevel: 'warning',
});
