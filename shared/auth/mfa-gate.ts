import { mfaSetupDeadline, type Settings } from '../settings/settings';
import type { User } from '../users/user';
import type { Session } from './session-types';

export type MfaState = 'none' | 'required' | 'setup_required';

export type MfaStatus = {
  /** `required`: enrolled, code step not passed in this session; `setup_required`: must enrol first. */
  mfa: MfaState;
  /** While a grace period runs for a user without MFA, when it ends. */
  mfaGraceEndsAt?: string;
};

export const mfaStatusOf = (user: User, session: Session, settings: Settings, now: Date): MfaStatus => {
  if (user.mfa?.enabledAt) return { mfa: session.mfaVerified ? 'none' : 'required' };
  const deadline = mfaSetupDeadline(settings);
  if (!deadline) return { mfa: 'none' };
  if (deadline.getTime() <= now.getTime()) return { mfa: 'setup_required' };
  return { mfa: 'none', mfaGraceEndsAt: deadline.toISOString() };
};
