import type { Operations } from './operation';
import { ISSUE_OPERATIONS } from './operations/issues';
import { META_OPERATIONS } from './operations/meta';

/** Every route of the route table, described: tsc fails while one is missing. */
export const OPERATIONS: Partial<Operations> = {
  ...META_OPERATIONS,
  ...ISSUE_OPERATIONS,
};
