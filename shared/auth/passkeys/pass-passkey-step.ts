import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { ConflictError } from '../../errors';
import { type PublicUser, toPublicUser, type User } from '../../users/user';
import { markSessionMfaVerified } from '../session-repository';
import type { Session } from '../session-types';
import { checkPasskeyAssertion } from './check-passkey-assertion';
import { auditPasskey, type PasskeyDeps } from './passkey-deps';

/** The sign-in step with a passkey instead of a code: the session is verified. */
export const passPasskeyStep = async (
  deps: PasskeyDeps,
  input: { actor: User; session: Session; passkey: AuthenticationResponseJSON },
): Promise<{ user: PublicUser; mfa: 'none' }> => {
  if (!input.actor.passkeyCount) throw new ConflictError('You have no passkey yet');
  const passkey = await checkPasskeyAssertion(deps, input);
  await markSessionMfaVerified(deps.table, input.session.tokenHash);
  await auditPasskey(deps, input.actor, 'passkey.used', { passkeyId: passkey.id, name: passkey.name });
  return { user: toPublicUser(input.actor), mfa: 'none' };
};
