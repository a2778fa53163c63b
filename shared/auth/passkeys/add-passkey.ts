import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { ConflictError, ValidationError } from '../../errors';
import type { User } from '../../users/user';
import { hasMfa } from '../mfa-gate';
import { deleteUserSessions } from '../session-repository';
import type { Session } from '../session-types';
import { takeChallenge } from './passkey-challenges';
import { auditPasskey, type PasskeyDeps } from './passkey-deps';
import {
  insertPasskey,
  type Passkey,
  type PublicPasskey,
  passkeyIdOf,
  toPublicPasskey,
} from './passkey-repository';
import { verifyPasskeyAnswer } from './verify-passkey-answer';

/**
 * Registers the passkey the browser created for the challenge of `startPasskeyRegistration`. A
 * user's first factor ends their other sessions, as enrolling an authenticator app does: those were
 * opened without one.
 */
export const addPasskey = async (
  deps: PasskeyDeps,
  input: { actor: User; session: Session; name: string; response: RegistrationResponseJSON },
): Promise<PublicPasskey> => {
  const { actor, response } = input;
  const expectedChallenge = await takeChallenge(deps, input, 'registration', {
    field: 'response',
    clientDataJSON: response.response.clientDataJSON,
  });
  const { verifyRegistrationResponse } = await import('@simplewebauthn/server');
  const verification = await verifyPasskeyAnswer('response', () =>
    verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: deps.relyingParty.origin,
      expectedRPID: deps.relyingParty.id,
      requireUserVerification: false,
    }),
  );
  if (!verification.verified)
    throw ValidationError.forField('response', 'This passkey was not accepted. Try again.');
  const { credential } = verification.registrationInfo;
  const passkey: Passkey = {
    id: passkeyIdOf(credential.id),
    userId: actor.id,
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    ...(credential.transports?.length ? { transports: credential.transports } : {}),
    name: input.name,
    createdAt: deps.now().toISOString(),
  };
  if (!(await insertPasskey(deps.table, passkey)))
    throw new ConflictError('This passkey is already added to your account');
  const firstFactor = !hasMfa(actor);
  const endedSessions = firstFactor
    ? await deleteUserSessions(deps.table, actor.id, { except: input.session.tokenHash })
    : 0;
  await auditPasskey(deps, actor, 'passkey.added', {
    passkeyId: passkey.id,
    name: passkey.name,
    endedSessions,
  });
  return toPublicPasskey(passkey);
};
