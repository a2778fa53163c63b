import { fileURLToPath } from 'node:url';

/** The repository root, whatever directory `cdk`, vitest or the bench runs from. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
