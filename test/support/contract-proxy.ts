import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../local/dynamodb-local';
import { OPENAPI_FILE } from '../../shared/openapi/document-file';

const PRISM = join(import.meta.dirname, '../../node_modules/.bin/prism');

export type ContractProxy = {
  url: string;
  /** Prism's log lines since it started (one JSON object each). */
  log: () => readonly Record<string, unknown>[];
  close: () => Promise<void>;
};

/**
 * Stoplight Prism as a validating proxy in front of `upstream`: every request and response is checked
 * against docs/openapi.json. Without `--errors` it forwards invalid requests too (so the app answers
 * them), and says what broke the document in the `sl-violations` response header.
 */
export const startContractProxy = async (upstream: string): Promise<ContractProxy> => {
  const port = await freePort();
  const child: ChildProcess = spawn(
    PRISM,
    ['proxy', OPENAPI_FILE, upstream, '--port', String(port), '--host', '127.0.0.1', '--cors=false'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  const lines: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (lines.some((line) => line.includes('Prism is listening'))) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`prism exited with ${code}:\n${lines.join('\n')}`)));
  });
  await ready;
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => lines.map((line) => ({ line })),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};
