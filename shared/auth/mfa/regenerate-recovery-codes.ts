import { type PublicUser, toPublicUser, type User } from '../../users/user';
import { deleteUserSessions } from '../session-repository';
import type { Session } from '../session-types';
import { auditMfa, type MfaDeps } from './mfa-deps';
import { replaceRecoveryCodes } from './mfa-repository';
import { createRecoveryCodes } from './recovery-codes';
import { checkPasswordAndCode, spendStep } from './second-factor';

/** New recovery codes (password + current code); the old ones stop working and the new are shown once. */
export const regenerateRecoveryCodes = async (
  deps: MfaDeps,
  input: { actor: User; session: Session; password: string; code: string },
): Promise<{ user: PublicUser; recoveryCodes: string[] }> => {
  const { actor, session } = input;
  const { mfa, step } = await checkPasswordAndCode(deps, actor, input);
  const { codes, hashes } = createRecoveryCodes();
  const user = await spendStep(deps, actor, mfa.enabledAt, () =>
    replaceRecoveryCodes(deps.table, actor.id, {
      enabledAt: mfa.enabledAt,
      step,
      now: deps.now(),
      recoveryCodeHashes: hashes,
    }),
  );
  const endedSessions = await deleteUserSessions(deps.table, actor.id, { except: session.tokenHash });
  await auditMfa(deps, actor, 'mfa.recovery_codes_regenerated', { details: { endedSessions } });
  return { user: toPublicUser(user), recoveryCodes: codes };
};
