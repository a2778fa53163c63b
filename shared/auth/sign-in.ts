import { writeAuditEvent } from '../audit/write-audit-event';
import { burnPasswordCheck, verifyPassword } from '../crypto/password';
import { getItems } from '../db/batch-get';
import type { Table } from '../db/table';
import { TooManyAttemptsError, UnauthenticatedError } from '../errors';
import { emailGuardKey, keyId } from '../keys';
import { getSettings } from '../settings/settings-repository';
import { type PublicUser, toPublicUser, type User } from '../users/user';
import { getUser } from '../users/user-repository';
import { hasMfa, type MfaStatus, mfaStatusOf } from './mfa-gate';
import { createSession } from './session-repository';
import type { ClientInfo } from './session-types';
import {
  accountSubject,
  addressSubject,
  clearThrottle,
  lockedUntilOf,
  recordFailure,
  retryAtOf,
  type ThrottleSubject,
  throttleStateOf,
} from './sign-in-throttle';

export type SignInDeps = { table: Table; now: () => Date };

/** The trail of sign-ins to an email nobody has: one subject, so admins still see them in Activity. */
export const UNKNOWN_ACCOUNT_SUBJECT = 'unknown-account';
// A user id no user has: an unknown email still costs the same reads as a known one.
const NO_USER_ID = '00000000-0000-0000-0000-000000000000';

const wrongCredentials = () => new UnauthenticatedError('Email or password is incorrect');

type Attempt = {
  email: string;
  user?: User;
  client: ClientInfo;
  subjects: ThrottleSubject[];
};

const readAttempt = async (deps: SignInDeps, email: string, client: ClientInfo) => {
  const subjects = [accountSubject(email), addressSubject(client.address)];
  const guard = emailGuardKey(email);
  const items = await getItems(deps.table, [guard, ...subjects.map(({ key }) => key)], { consistent: true });
  const userId = items.get(keyId(guard))?.userId;
  const user = await getUser(deps.table, typeof userId === 'string' ? userId : NO_USER_ID);
  const states = subjects.map(({ key }) => throttleStateOf(items.get(keyId(key))));
  return { attempt: { email, user, client, subjects } satisfies Attempt, states };
};

const audit = (deps: SignInDeps, attempt: Attempt, action: string, details: Record<string, unknown> = {}) =>
  writeAuditEvent(deps, {
    subject: attempt.user?.id ?? UNKNOWN_ACCOUNT_SUBJECT,
    actorId: attempt.user?.id ?? UNKNOWN_ACCOUNT_SUBJECT,
    action,
    details: { email: attempt.email, ...attempt.client, ...details },
  });

/** Counts a failure against the account and the address; the answer says whether to wait. */
const refuse = async (deps: SignInDeps, attempt: Attempt, reason: string): Promise<Error> => {
  const now = deps.now();
  const recorded = await Promise.all(
    attempt.subjects.map((subject) => recordFailure(deps.table, subject, now)),
  );
  const accountFailures = recorded[0]?.failures;
  await audit(deps, attempt, 'signin.failed', { reason, failures: accountFailures });
  for (const [index, failure] of recorded.entries()) {
    const subject = attempt.subjects[index];
    if (failure.lockedNow && subject && failure.retryAt)
      await audit(deps, attempt, 'signin.locked', {
        scope: subject.scope,
        lockedUntil: failure.retryAt.toISOString(),
      });
  }
  const retryAt = recorded.map((failure) => failure.retryAt).sort((a, b) => Number(b) - Number(a))[0];
  return retryAt ? new TooManyAttemptsError(retryAt, now) : wrongCredentials();
};

/**
 * Checks the password and opens a session. Every failure answers alike for unknown emails, wrong
 * passwords and disabled accounts, and every attempt costs the same reads, password check and writes,
 * so nothing tells whether an account exists. Failures slow down and then lock the account and the
 * client's address; a locked one is refused even with the right password.
 */
export const signIn = async (
  deps: SignInDeps,
  input: { email: string; password: string; client: ClientInfo },
): Promise<{ token: string; user: PublicUser } & MfaStatus> => {
  const { attempt, states } = await readAttempt(deps, input.email, input.client);
  const { user } = attempt;
  const passwordMatches = user?.passwordHash
    ? await verifyPassword(input.password, user.passwordHash)
    : await burnPasswordCheck(input.password).then(() => false);

  const now = deps.now();
  const lockedUntil = states
    .map((state) => lockedUntilOf(state, now))
    .filter((at) => at !== undefined)
    .sort((a, b) => Number(b) - Number(a))[0];
  if (lockedUntil) {
    await audit(deps, attempt, 'signin.refused', { lockedUntil: lockedUntil.toISOString() });
    throw new TooManyAttemptsError(lockedUntil, now);
  }
  // An attempt before the slowed-down subject may try again counts as one more failure.
  if (states.some((state) => retryAtOf(state, now))) throw await refuse(deps, attempt, 'too_soon');
  if (!user || !passwordMatches) throw await refuse(deps, attempt, 'wrong_password');
  if (!user.enabled) throw await refuse(deps, attempt, 'disabled');

  const [account] = attempt.subjects;
  if (account) await clearThrottle(deps.table, account);
  const { token, session } = await createSession(deps.table, {
    userId: user.id,
    mfaVerified: !hasMfa(user),
    client: input.client,
    now,
  });
  await audit(deps, attempt, 'signin.succeeded');
  const settings = await getSettings(deps.table);
  return { token, user: toPublicUser(user), ...mfaStatusOf(user, session, settings, now) };
};
