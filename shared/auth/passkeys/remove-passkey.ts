import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { ConflictError, NotFoundError } from '../../errors';
import { mfaSetupDeadline, type Settings } from '../../settings/settings';
import { type PublicUser, toPublicUser, type User } from '../../users/user';
import { getUser } from '../../users/user-repository';
import { useTotpStep } from '../mfa/mfa-repository';
import { assertPassword, checkPasswordAndCode, enrolledMfaOf, spendStep } from '../mfa/second-factor';
import type { Session } from '../session-types';
import { checkPasskeyAssertion } from './check-passkey-assertion';
import { auditPasskey, type PasskeyDeps } from './passkey-deps';
import { deletePasskey, getPasskey } from './passkey-repository';

type RemovePasskeyInput = {
  actor: User;
  session: Session;
  settings: Settings;
  passkeyId: string;
  password: string;
} & ({ code: string; passkey?: undefined } | { passkey: AuthenticationResponseJSON; code?: undefined });

/** The password, and a second factor: a code from the app (spent, so it works once) or a passkey. */
const confirmBothFactors = async (deps: PasskeyDeps, input: RemovePasskeyInput): Promise<void> => {
  const { actor } = input;
  if (input.code !== undefined) {
    const { mfa, step } = await checkPasswordAndCode(deps, actor, {
      password: input.password,
      code: input.code,
    });
    await spendStep(deps, actor, mfa.enabledAt, () =>
      useTotpStep(deps.table, actor.id, { enabledAt: mfa.enabledAt, step, now: deps.now() }),
    );
    return;
  }
  await assertPassword(actor, input.password);
  await checkPasskeyAssertion(deps, { actor, session: input.session, passkey: input.passkey });
};

/**
 * Removes one of the user's own passkeys. While an admin enforces MFA, the last second factor stays:
 * as with turning the authenticator app off, the user adds another one first.
 */
export const removePasskey = async (
  deps: PasskeyDeps,
  input: RemovePasskeyInput,
): Promise<{ user: PublicUser }> => {
  const { actor } = input;
  const passkey = await getPasskey(deps.table, actor.id, input.passkeyId);
  if (!passkey) throw new NotFoundError('Passkey');
  const lastFactor = !enrolledMfaOf(actor) && (actor.passkeyCount ?? 0) <= 1;
  if (lastFactor && mfaSetupDeadline(input.settings))
    throw new ConflictError(
      'Your administrator requires MFA for everyone, so you cannot remove your only passkey. Add another passkey or an authenticator app first.',
    );
  await confirmBothFactors(deps, input);
  if (!(await deletePasskey(deps.table, actor.id, passkey.id))) throw new NotFoundError('Passkey');
  await auditPasskey(deps, actor, 'passkey.removed', { passkeyId: passkey.id, name: passkey.name });
  const user = await getUser(deps.table, actor.id, { consistent: true });
  return { user: toPublicUser(user ?? actor) };
};
