import { isConditionFailure } from '../../db/table';
import { ConflictError, ValidationError } from '../../errors';
import { type PublicUser, toPublicUser, type User } from '../../users/user';
import { getUser } from '../../users/user-repository';
import { assertSecondStepPassed } from '../mfa-gate';
import { deleteUserSessions, markSessionMfaVerified } from '../session-repository';
import type { Session } from '../session-types';
import { auditMfa, type MfaDeps } from './mfa-deps';
import { enableMfa, useRecoveryCode, useTotpStep } from './mfa-repository';
import { createRecoveryCodes, hashRecoveryCode } from './recovery-codes';
import { assertMfaUnlocked, checkTotpCode, enrolledMfaOf, refuseWrongCode, spendStep } from './second-factor';
import { matchTotpCode } from './totp';

export type VerifyMfaInput = { actor: User; session: Session } & (
  | { code: string; recoveryCode?: undefined }
  | { recoveryCode: string; code?: undefined }
);

/** The session is now verified; `recoveryCodes` only right after enrolment, shown this once. */
export type VerifyMfaResult = { user: PublicUser; mfa: 'none'; recoveryCodes?: string[] };

// A recovery code can move in the list when another one is spent at the same moment: look again.
const RECOVERY_CODE_ATTEMPTS = 3;

/**
 * One endpoint for both uses of a code: it confirms a pending enrolment, or passes this session's
 * sign-in code step (with a code from the app, or a recovery code).
 */
export const verifyMfa = async (deps: MfaDeps, input: VerifyMfaInput): Promise<VerifyMfaResult> => {
  const { actor } = input;
  if (!enrolledMfaOf(actor)) return confirmEnrolment(deps, input);
  const user =
    input.code !== undefined
      ? await passCodeStep(deps, actor, input.code)
      : await passRecoveryCode(deps, actor, input.recoveryCode);
  await markSessionMfaVerified(deps.table, input.session.tokenHash);
  return { user: toPublicUser(user), mfa: 'none' };
};

const confirmEnrolment = async (deps: MfaDeps, input: VerifyMfaInput): Promise<VerifyMfaResult> => {
  const { actor, session } = input;
  const pendingSecret = actor.mfa?.pendingSecret;
  const pendingSince = actor.mfa?.pendingSince;
  if (!pendingSecret || !pendingSince) throw new ConflictError('Start MFA setup first');
  assertSecondStepPassed(actor, session);
  if (input.code === undefined) {
    throw ValidationError.forField(
      'code',
      'Enter the 6-digit code from your authenticator app to finish setup',
    );
  }
  const now = deps.now();
  assertMfaUnlocked(actor.mfa, now);
  const step = matchTotpCode((await deps.loadCipher()).decrypt(pendingSecret), input.code, now);
  if (step === undefined) throw await refuseWrongCode(deps, actor, 'code');
  const { codes, hashes } = createRecoveryCodes();
  let user: User;
  try {
    user = await enableMfa(deps.table, actor.id, {
      secret: pendingSecret,
      pendingSince,
      step,
      recoveryCodeHashes: hashes,
      now,
    });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    assertMfaUnlocked((await getUser(deps.table, actor.id))?.mfa, now);
    throw new ConflictError('MFA setup changed meanwhile (another tab?); start again');
  }
  await markSessionMfaVerified(deps.table, session.tokenHash);
  const endedSessions = await deleteUserSessions(deps.table, actor.id, { except: session.tokenHash });
  await auditMfa(deps, actor, 'mfa.enrolled', { details: { endedSessions } });
  return { user: toPublicUser(user), mfa: 'none', recoveryCodes: codes };
};

const passCodeStep = async (deps: MfaDeps, actor: User, code: string): Promise<User> => {
  const mfa = enrolledMfaOf(actor);
  if (!mfa) throw new ConflictError('MFA is not on for your account');
  const step = await checkTotpCode(deps, actor, mfa, mfa.secret, code);
  const user = await spendStep(deps, actor, mfa.enabledAt, () =>
    useTotpStep(deps.table, actor.id, { enabledAt: mfa.enabledAt, step, now: deps.now() }),
  );
  await auditMfa(deps, actor, 'mfa.verified', { details: { method: 'code' } });
  return user;
};

const passRecoveryCode = async (deps: MfaDeps, actor: User, recoveryCode: string): Promise<User> => {
  const hash = hashRecoveryCode(recoveryCode);
  let current: User | undefined = actor;
  for (let attempt = 0; attempt < RECOVERY_CODE_ATTEMPTS && current; attempt += 1) {
    assertMfaUnlocked(current.mfa, deps.now());
    const index = current.mfa?.recoveryCodeHashes?.indexOf(hash) ?? -1;
    if (index < 0) break;
    try {
      const user = await useRecoveryCode(deps.table, actor.id, { index, hash, now: deps.now() });
      const remaining = user.mfa?.recoveryCodeHashes?.length ?? 0;
      await auditMfa(deps, actor, 'mfa.recovery_code_used', { details: { remaining } });
      return user;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      current = await getUser(deps.table, actor.id);
    }
  }
  throw await refuseWrongCode(deps, actor, 'recoveryCode');
};
