import {
  ACCOUNT_POLICY,
  accountSubject,
  lockedUntilOf,
  retryAtOf,
  type ThrottleState,
  throttleStateOf,
} from '../auth/sign-in-throttle';
import { getItems } from '../db/batch-get';
import type { Table } from '../db/table';
import { NotFoundError } from '../errors';
import { keyId } from '../keys';
import type { User } from '../users/user';

/** Whether a user's sign-in waits now: `locked` for a lock, else slowed down after failures. */
export type SignInLock = { locked: boolean; until?: string; failures: number };

const recentFailures = (state: ThrottleState | undefined, now: Date) =>
  state && Date.parse(state.lastFailureAt) > now.getTime() - ACCOUNT_POLICY.windowMs ? state.failures : 0;

/** For staff looking at a user (the route lets only staff here): why they cannot sign in, if so. */
export const getSignInLock = async (
  deps: { table: Table; now: () => Date },
  input: { user: User | undefined },
): Promise<SignInLock> => {
  if (!input.user) throw new NotFoundError('User');
  const { key } = accountSubject(input.user.email);
  const state = throttleStateOf((await getItems(deps.table, [key])).get(keyId(key)));
  const now = deps.now();
  const until = retryAtOf(state, now);
  if (!state || !until) return { locked: false, failures: recentFailures(state, now) };
  return { locked: Boolean(lockedUntilOf(state, now)), until: until.toISOString(), failures: state.failures };
};
