import { type PublicUser, toPublicUser } from '../users/user';
import type { Caller } from './caller';
import { type MfaStatus, mfaStatusOf } from './mfa-gate';

export const describeSession = (caller: Caller, now: Date): { user: PublicUser } & MfaStatus => ({
  user: toPublicUser(caller.user),
  ...mfaStatusOf(caller.user, caller.session, caller.settings, now),
});
