import type { Caller } from '../http/types';
import { type PublicUser, toPublicUser } from '../users/user';
import { type MfaStatus, mfaStatusOf } from './mfa-gate';

export const describeSession = (caller: Caller, now: Date): { user: PublicUser } & MfaStatus => ({
  user: toPublicUser(caller.user),
  ...mfaStatusOf(caller.user, caller.session, caller.settings, now),
});
