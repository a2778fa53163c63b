import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The Lambda bundles ship each source map beside its code without asking Node to load it:
// `--enable-source-maps` reads and indexes every map at import, ~25 ms of each cold start. A logged
// error's stack is mapped here instead, reading a map only when an error from its file is logged.

// A frame's location is a file URL or, where a loader rewrote it, a path.
const BUNDLE_FRAME = /((?:file:\/\/)?\/[^\s()]+?\.mjs):(\d+):(\d+)/g;
const sourceMaps = new Map<string, SourceMap | undefined>();

const sourceMapOf = (file: string): SourceMap | undefined => {
  if (!sourceMaps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = undefined;
    }
    sourceMaps.set(file, map);
  }
  return sourceMaps.get(file);
};

/** The stack with each frame in a bundle that has a source map pointed at its source file and line. */
export const sourceMappedStack = (stack: string): string =>
  stack.replace(BUNDLE_FRAME, (frame, location: string, line: string, column: string) => {
    const file = location.startsWith('file:') ? fileURLToPath(location) : location;
    const entry = sourceMapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry)) return frame;
    // esbuild writes each map's sources relative to the map.
    const source = join(dirname(file), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
