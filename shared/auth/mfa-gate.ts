import { MfaRequiredError } from '../errors';
import { mfaSetupDeadline, type Settings } from '../settings/settings';
import type { User } from '../users/user';
import type { Session } from './session-types';

export type MfaState = 'none' | 'required' | 'setup_required';

export type MfaStatus = {
  /** `required`: enrolled (app or passkey), second step not passed in this session; `setup_required`: must enrol first. */
  mfa: MfaState;
  /** While a grace period runs for a user without MFA, when it ends. */
  mfaGraceEndsAt?: string;
};

/** A second factor: the authenticator app, or any passkey. */
export const hasMfa = (user: Pick<User, 'mfa' | 'passkeyCount'>): boolean =>
  Boolean(user.mfa?.enabledAt) || (user.passkeyCount ?? 0) > 0;

/**
 * A user with a passkey whose session has not passed the second step may not set an authenticator
 * app up in it: that would pass the step without the passkey.
 */
export const assertSecondStepPassed = (user: User, session: Session): void => {
  if (hasMfa(user) && !session.mfaVerified) throw new MfaRequiredError();
};

export const mfaStatusOf = (user: User, session: Session, settings: Settings, now: Date): MfaStatus => {
  if (hasMfa(user)) return { mfa: session.mfaVerified ? 'none' : 'required' };
  const deadline = mfaSetupDeadline(settings);
  if (!deadline) return { mfa: 'none' };
  if (deadline.getTime() <= now.getTime()) return { mfa: 'setup_required' };
  return { mfa: 'none', mfaGraceEndsAt: deadline.toISOString() };
};
