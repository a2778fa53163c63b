import type { Operations } from './operation';
import { BILLING_OPERATIONS } from './operations/billing';
import { ISSUE_OPERATIONS } from './operations/issues';
import { META_OPERATIONS } from './operations/meta';
import { QBO_CONNECT_OPERATIONS } from './operations/qbo-connect';

/** Every route of the route table, described: tsc fails while one is missing. */
export const OPERATIONS: Partial<Operations> = {
  ...META_OPERATIONS,
  ...ISSUE_OPERATIONS,
  ...QBO_CONNECT_OPERATIONS,
  ...BILLING_OPERATIONS,
};
