import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { ValidationError } from '../../errors';
import type { User } from '../../users/user';
import type { Session } from '../session-types';
import { takeChallenge } from './passkey-challenges';
import { auditPasskey, type PasskeyDeps } from './passkey-deps';
import { getPasskey, type Passkey, passkeyIdOf, recordPasskeyUse } from './passkey-repository';
import { verifyPasskeyAnswer } from './verify-passkey-answer';

const FIELD = 'passkey';

/**
 * Checks a passkey's signature over a challenge of `startPasskeyAuthentication` (one of this user's
 * passkeys, this session's unused challenge, this site) and records its use. An authenticator that
 * keeps a counter must report a higher one each time: a lower or equal one means a cloned key, and is
 * refused (WebAuthn §6.1.1).
 */
export const checkPasskeyAssertion = async (
  deps: PasskeyDeps,
  input: { actor: User; session: Session; passkey: AuthenticationResponseJSON },
): Promise<Passkey> => {
  const { actor, passkey: response } = input;
  const expectedChallenge = await takeChallenge(deps, input, 'authentication', {
    field: FIELD,
    clientDataJSON: response.response.clientDataJSON,
  });
  const passkey = await getPasskey(deps.table, actor.id, passkeyIdOf(response.id));
  if (!passkey) throw ValidationError.forField(FIELD, 'This passkey is not added to your account');
  const { verifyAuthenticationResponse } = await import('@simplewebauthn/server');
  const verification = await verifyPasskeyAnswer(FIELD, () =>
    verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: deps.relyingParty.origin,
      expectedRPID: deps.relyingParty.id,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: false,
    }),
  ).catch(async (error: unknown) => {
    await auditPasskey(deps, actor, 'passkey.refused', { passkeyId: passkey.id, name: passkey.name });
    throw error;
  });
  const { newCounter } = verification.authenticationInfo;
  if (
    !verification.verified ||
    !(await recordPasskeyUse(deps.table, passkey, { counter: newCounter, at: deps.now() }))
  )
    throw ValidationError.forField(FIELD, 'This passkey was not accepted. Try again.');
  return { ...passkey, counter: newCounter, lastUsedAt: deps.now().toISOString() };
};
