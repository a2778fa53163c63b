import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import type { User } from '../../users/user';
import type { Session } from '../session-types';
import { keepChallenge } from './passkey-challenges';
import type { PasskeyDeps } from './passkey-deps';
import { listPasskeys } from './passkey-repository';

/** What the browser's `startRegistration` needs to create a passkey for this account on this site. */
export const startPasskeyRegistration = async (
  deps: PasskeyDeps,
  input: { actor: User; session: Session },
): Promise<PublicKeyCredentialCreationOptionsJSON> => {
  const { actor } = input;
  const existing = await listPasskeys(deps.table, actor.id);
  // Only the passkey routes verify WebAuthn: the library loads there, not in every MFA cold start.
  const { generateRegistrationOptions } = await import('@simplewebauthn/server');
  const options = await generateRegistrationOptions({
    rpName: deps.relyingParty.name,
    rpID: deps.relyingParty.id,
    userID: new TextEncoder().encode(actor.id),
    userName: actor.email,
    userDisplayName: actor.name,
    attestationType: 'none',
    // The same authenticator twice would be one factor counted twice.
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports,
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await keepChallenge(deps, input, 'registration', options.challenge);
  return options;
};
