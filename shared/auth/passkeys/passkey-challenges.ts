import { ValidationError } from '../../errors';
import type { User } from '../../users/user';
import type { Session } from '../session-types';
import type { PasskeyDeps } from './passkey-deps';
import {
  CHALLENGE_TTL_MS,
  type ChallengePurpose,
  consumePasskeyChallenge,
  putPasskeyChallenge,
} from './passkey-repository';

type ChallengeOwner = { actor: User; session: Session };

/** Keeps the challenge the library drew for the browser, for this session and purpose only. */
export const keepChallenge = (
  deps: PasskeyDeps,
  owner: ChallengeOwner,
  purpose: ChallengePurpose,
  challenge: string,
): Promise<void> =>
  putPasskeyChallenge(deps.table, {
    challenge,
    purpose,
    userId: owner.actor.id,
    sessionHash: owner.session.tokenHash,
    expiresAt: new Date(deps.now().getTime() + CHALLENGE_TTL_MS).toISOString(),
  });

/** The challenge the authenticator signed, as the browser's client data carries it. */
const signedChallengeOf = (clientDataJSON: string, field: string): string => {
  try {
    const { challenge } = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    if (typeof challenge === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(challenge)) return challenge;
  } catch {
    // Not JSON: answered below like any client data without a challenge.
  }
  throw ValidationError.forField(`${field}.response.clientDataJSON`, 'Has no challenge of ours');
};

/**
 * Spends the challenge of a passkey answer: it must be ours, unused, unexpired, and handed to this
 * session for this purpose. Deleted on first use, so an answer cannot be replayed.
 */
export const takeChallenge = async (
  deps: PasskeyDeps,
  owner: ChallengeOwner,
  purpose: ChallengePurpose,
  answer: { field: string; clientDataJSON: string },
): Promise<string> => {
  const challenge = signedChallengeOf(answer.clientDataJSON, answer.field);
  const held = await consumePasskeyChallenge(deps.table, challenge);
  const usable =
    held &&
    held.purpose === purpose &&
    held.userId === owner.actor.id &&
    held.sessionHash === owner.session.tokenHash &&
    Date.parse(held.expiresAt) > deps.now().getTime();
  if (!usable)
    throw ValidationError.forField(
      answer.field,
      'This passkey request has expired or was already used. Try again.',
    );
  return challenge;
};
