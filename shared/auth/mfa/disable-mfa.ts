import { ConflictError } from '../../errors';
import { mfaSetupDeadline, type Settings } from '../../settings/settings';
import { type PublicUser, toPublicUser, type User } from '../../users/user';
import { deleteUserSessions } from '../session-repository';
import type { Session } from '../session-types';
import { auditMfa, type MfaDeps } from './mfa-deps';
import { disableMfaWithStep } from './mfa-repository';
import { checkPasswordAndCode, spendStep } from './second-factor';

/** Turns the user's own MFA off (password + current code); refused while an admin enforces MFA. */
export const disableMfa = async (
  deps: MfaDeps,
  input: { actor: User; session: Session; settings: Settings; password: string; code: string },
): Promise<{ user: PublicUser }> => {
  const { actor, session } = input;
  if (mfaSetupDeadline(input.settings)) {
    throw new ConflictError('Your administrator requires MFA for everyone, so you cannot turn it off.');
  }
  const { mfa, step } = await checkPasswordAndCode(deps, actor, input);
  const user = await spendStep(deps, actor, mfa.enabledAt, () =>
    disableMfaWithStep(deps.table, actor.id, { enabledAt: mfa.enabledAt, step, now: deps.now() }),
  );
  const endedSessions = await deleteUserSessions(deps.table, actor.id, { except: session.tokenHash });
  await auditMfa(deps, actor, 'mfa.disabled', { details: { endedSessions } });
  return { user: toPublicUser(user) };
};
