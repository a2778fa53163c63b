import type { Operations } from './operation';
import { ACCOUNT_OPERATIONS } from './operations/accounts';
import { BILLING_OPERATIONS } from './operations/billing';
import { ISSUE_OPERATIONS } from './operations/issues';
import { META_OPERATIONS } from './operations/meta';
import { QBO_CONNECT_OPERATIONS } from './operations/qbo-connect';
import { QUICKBOOKS_OPERATIONS } from './operations/quickbooks';
import { SESSION_MFA_OPERATIONS } from './operations/session-mfa';
import { SETTINGS_OPERATIONS } from './operations/settings';

/** Every route of the route table, described: tsc fails while one is missing. */
export const OPERATIONS: Operations = {
  ...META_OPERATIONS,
  ...ISSUE_OPERATIONS,
  ...QBO_CONNECT_OPERATIONS,
  ...SETTINGS_OPERATIONS,
  ...ACCOUNT_OPERATIONS,
  ...SESSION_MFA_OPERATIONS,
  ...QUICKBOOKS_OPERATIONS,
  ...BILLING_OPERATIONS,
};
