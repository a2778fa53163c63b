import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { ConflictError } from '../../errors';
import type { User } from '../../users/user';
import type { Session } from '../session-types';
import { keepChallenge } from './passkey-challenges';
import type { PasskeyDeps } from './passkey-deps';
import { listPasskeys } from './passkey-repository';

/**
 * What the browser's `startAuthentication` needs to ask one of the user's passkeys to sign: at the
 * sign-in step, or to confirm removing a passkey.
 */
export const startPasskeyAuthentication = async (
  deps: PasskeyDeps,
  input: { actor: User; session: Session },
): Promise<PublicKeyCredentialRequestOptionsJSON> => {
  const passkeys = await listPasskeys(deps.table, input.actor.id);
  if (!passkeys.length) throw new ConflictError('You have no passkey yet');
  const { generateAuthenticationOptions } = await import('@simplewebauthn/server');
  const options = await generateAuthenticationOptions({
    rpID: deps.relyingParty.id,
    allowCredentials: passkeys.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports,
    })),
    userVerification: 'preferred',
  });
  await keepChallenge(deps, input, 'authentication', options.challenge);
  return options;
};
