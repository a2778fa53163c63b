import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../shared/platform/logger';

// A logged error from a minified bundle names the TypeScript file and line it came from, as the
// Lambda bundles ship their maps unlinked (Node does not load them at import).

const FIXTURE = join(import.meta.dirname, 'fixtures', 'failing-handler.ts');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const bundleFixture = async (sourcemap: 'external' | false) => {
  const outdir = mkdtempSync(join(tmpdir(), 'deskbooks-stack-'));
  dirs.push(outdir);
  buildSync({
    entryPoints: { index: FIXTURE },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    sourcemap,
    sourcesContent: false,
  });
  const module: { handler: () => number } = await import(pathToFileURL(join(outdir, 'index.mjs')).href);
  try {
    module.handler();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the fixture did not throw');
};

const loggedStack = (error: Error): string => {
  const lines: string[] = [];
  createLogger('error', {}, (line) => lines.push(line)).error('request failed', { error });
  return JSON.parse(lines[0] ?? '{}').error.stack;
};

describe('stack traces of logged errors', () => {
  it('point frames in a minified bundle at the source file, line and column', async () => {
    const error = await bundleFixture('external');
    expect(error.stack).toMatch(/index\.mjs:1:\d+/);

    const stack = loggedStack(error);

    expect(stack).toContain(`${FIXTURE}:3:`);
    expect(stack).not.toMatch(/index\.mjs:1:\d+/);
    expect(stack.split('\n')[0]).toBe('Error: failed after 6');
  });

  it('leave frames as they are when their bundle has no map', async () => {
    const error = await bundleFixture(false);

    expect(loggedStack(error)).toBe(error.stack);
  });
});
