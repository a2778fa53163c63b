import { verifyPassword } from '../../crypto/password';
import { isConditionFailure } from '../../db/table';
import { ConflictError, MfaLockedError, ValidationError } from '../../errors';
import type { User, UserMfa } from '../../users/user';
import { getUser } from '../../users/user-repository';
import { auditMfa, type MfaDeps } from './mfa-deps';
import { countFailedAttempt, LOCK_MS, lockMfa, MAX_FAILED_ATTEMPTS } from './mfa-repository';
import { matchTotpCode } from './totp';

export type EnrolledMfa = UserMfa & Required<Pick<UserMfa, 'secret' | 'enabledAt'>>;
export type CodeField = 'code' | 'recoveryCode';

export const enrolledMfaOf = (user: User): EnrolledMfa | undefined =>
  user.mfa?.enabledAt && user.mfa.secret ? (user.mfa as EnrolledMfa) : undefined;

const lockedError = (mfa: UserMfa | undefined, now: Date): MfaLockedError | undefined =>
  mfa?.lockedUntil && Date.parse(mfa.lockedUntil) > now.getTime()
    ? new MfaLockedError(new Date(mfa.lockedUntil), now)
    : undefined;

export const assertMfaUnlocked = (mfa: UserMfa | undefined, now: Date): void => {
  const locked = lockedError(mfa, now);
  if (locked) throw locked;
};

export const codeAlreadyUsedError = () =>
  ValidationError.forField(
    'code',
    'This code was already used. Wait for the next code in your authenticator app.',
  );

/**
 * Counts a wrong code (recovery-code guesses too) and returns the error to answer with: the fifth in
 * a row locks MFA for 15 minutes.
 */
export const refuseWrongCode = async (deps: MfaDeps, user: User, field: CodeField): Promise<Error> => {
  const now = deps.now();
  const attempts = await countFailedAttempt(deps.table, user.id);
  await auditMfa(deps, user, 'mfa.failed', { details: { field, attempts } });
  if (attempts < MAX_FAILED_ATTEMPTS) {
    const left = MAX_FAILED_ATTEMPTS - attempts;
    const what =
      field === 'code' ? 'That code is not right' : 'That recovery code is not right or was already used';
    return ValidationError.forField(
      field,
      `${what}. ${left} ${left === 1 ? 'try' : 'tries'} left before MFA locks for 15 minutes.`,
    );
  }
  const lockedUntil = new Date(now.getTime() + LOCK_MS);
  // Of several wrong codes racing past the limit, one locks; the others find the count reset.
  const locked = await lockMfa(deps.table, user.id, lockedUntil).then(
    () => true,
    (error: unknown) => {
      if (isConditionFailure(error)) return false;
      throw error;
    },
  );
  if (locked)
    await auditMfa(deps, user, 'mfa.locked', { details: { lockedUntil: lockedUntil.toISOString() } });
  return new MfaLockedError(lockedUntil, now);
};

/**
 * Checks a code from the authenticator app against the enrolled secret and returns its time step.
 * The caller's write spends the step conditionally, so a code works once even under a race.
 */
export const checkTotpCode = async (
  deps: MfaDeps,
  user: User,
  mfa: UserMfa,
  secret: NonNullable<UserMfa['secret']>,
  code: string,
): Promise<number> => {
  const now = deps.now();
  assertMfaUnlocked(mfa, now);
  const plain = (await deps.loadCipher()).decrypt(secret);
  const step = matchTotpCode(plain, code, now);
  if (step === undefined) throw await refuseWrongCode(deps, user, 'code');
  if (mfa.lastUsedStep !== undefined && step <= mfa.lastUsedStep) throw codeAlreadyUsedError();
  return step;
};

/** The account's password, asked again before a change to its second factors. */
export const assertPassword = async (user: User, password: string): Promise<void> => {
  if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
    throw ValidationError.forField('password', 'Password is incorrect');
  }
};

/** Turning MFA off or replacing recovery codes: the password and a current code, both. */
export const checkPasswordAndCode = async (
  deps: MfaDeps,
  user: User,
  input: { password: string; code: string },
): Promise<{ mfa: EnrolledMfa; step: number }> => {
  const mfa = enrolledMfaOf(user);
  if (!mfa) throw new ConflictError('MFA is not on for your account');
  assertMfaUnlocked(mfa, deps.now());
  await assertPassword(user, input.password);
  return { mfa, step: await checkTotpCode(deps, user, mfa, mfa.secret, input.code) };
};

/** Why a conditional MFA write lost: a lock or a used step beat it, or MFA changed meanwhile. */
const explainRefusedWrite = async (deps: MfaDeps, userId: string, enabledAt: string): Promise<Error> => {
  const fresh = await getUser(deps.table, userId);
  const locked = lockedError(fresh?.mfa, deps.now());
  if (locked) return locked;
  if (fresh?.mfa?.enabledAt !== enabledAt)
    return new ConflictError('MFA was changed meanwhile; reload and try again');
  return codeAlreadyUsedError();
};

/** Runs a write that spends a code's step; when its condition fails, answers with the reason. */
export const spendStep = async (
  deps: MfaDeps,
  user: User,
  enabledAt: string,
  write: () => Promise<User>,
): Promise<User> => {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error)) throw await explainRefusedWrite(deps, user.id, enabledAt);
    throw error;
  }
};
