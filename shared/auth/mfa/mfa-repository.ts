import type { EncryptedValue } from '../../crypto/encrypted-value';
import type { Table } from '../../db/table';
import type { User, UserMfa } from '../../users/user';
import { updateUserAttributes } from '../../users/user-repository';

// Every write here is one conditional UpdateItem on the user item, so two requests racing on the same
// code, recovery code or lock cannot both win: the loser's condition fails and it re-reads.

/** `#name` placeholders for every attribute an expression names (DynamoDB rejects unused ones). */
const namesIn = (...expressions: string[]) =>
  Object.fromEntries(
    [...expressions.join(' ').matchAll(/#(\w+)/g)].map(([token, name]) => [token, name ?? '']),
  );

const update = (
  table: Table,
  userId: string,
  expression: string,
  condition?: string,
  values: Record<string, unknown> = {},
): Promise<User> =>
  updateUserAttributes(table, userId, {
    expression,
    condition,
    names: namesIn(expression, condition ?? ''),
    values: Object.keys(values).length ? values : undefined,
  });

const UNLOCKED = '(attribute_not_exists(#mfa.#lockedUntil) OR #mfa.#lockedUntil <= :now)';
const STEP_UNUSED = '(attribute_not_exists(#mfa.#lastUsedStep) OR #mfa.#lastUsedStep < :step)';
const STILL_ENROLLED = '#mfa.#enabledAt = :enabledAt';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60 * 1000;

/** Stores a secret waiting for its first code; refused once MFA is on (turn it off first). */
export const savePendingMfa = (
  table: Table,
  user: User,
  pendingSecret: EncryptedValue,
  at: Date,
): Promise<User> =>
  user.mfa
    ? update(
        table,
        user.id,
        'SET #mfa.#pendingSecret = :secret, #mfa.#pendingSince = :at',
        'attribute_exists(#mfa) AND attribute_not_exists(#mfa.#enabledAt)',
        { ':secret': pendingSecret, ':at': at.toISOString() },
      )
    : update(table, user.id, 'SET #mfa = :mfa', 'attribute_not_exists(#mfa)', {
        ':mfa': { pendingSecret, pendingSince: at.toISOString() } satisfies UserMfa,
      });

/** Turns the pending secret on, using the confirming code's step, with fresh recovery codes. */
export const enableMfa = (
  table: Table,
  userId: string,
  input: {
    secret: EncryptedValue;
    pendingSince: string;
    step: number;
    recoveryCodeHashes: string[];
    now: Date;
  },
): Promise<User> =>
  update(
    table,
    userId,
    'SET #mfa.#secret = :secret, #mfa.#enabledAt = :now, #mfa.#lastUsedStep = :step, #mfa.#recoveryCodeHashes = :hashes, #mfa.#failedAttempts = :zero REMOVE #mfa.#pendingSecret, #mfa.#pendingSince, #mfa.#lockedUntil',
    `#mfa.#pendingSince = :pendingSince AND attribute_not_exists(#mfa.#enabledAt) AND ${UNLOCKED}`,
    {
      ':secret': input.secret,
      ':now': input.now.toISOString(),
      ':step': input.step,
      ':hashes': input.recoveryCodeHashes,
      ':zero': 0,
      ':pendingSince': input.pendingSince,
    },
  );

type StepWrite = { enabledAt: string; step: number; now: Date };
const stepValues = (input: StepWrite) => ({
  ':enabledAt': input.enabledAt,
  ':step': input.step,
  ':now': input.now.toISOString(),
  ':zero': 0,
});

/** Spends a code's time step: only a step later than the last one used is accepted. */
export const useTotpStep = (table: Table, userId: string, input: StepWrite): Promise<User> =>
  update(
    table,
    userId,
    'SET #mfa.#lastUsedStep = :step, #mfa.#failedAttempts = :zero REMOVE #mfa.#lockedUntil',
    `${STILL_ENROLLED} AND ${STEP_UNUSED} AND ${UNLOCKED}`,
    stepValues(input),
  );

/** Replaces the recovery codes, spending the step of the code that authorised it. */
export const replaceRecoveryCodes = (
  table: Table,
  userId: string,
  input: StepWrite & { recoveryCodeHashes: string[] },
): Promise<User> =>
  update(
    table,
    userId,
    'SET #mfa.#lastUsedStep = :step, #mfa.#failedAttempts = :zero, #mfa.#recoveryCodeHashes = :hashes REMOVE #mfa.#lockedUntil',
    `${STILL_ENROLLED} AND ${STEP_UNUSED} AND ${UNLOCKED}`,
    { ...stepValues(input), ':hashes': input.recoveryCodeHashes },
  );

/** Turns MFA off, spending the step of the code that authorised it. */
export const disableMfaWithStep = (table: Table, userId: string, input: StepWrite): Promise<User> =>
  update(table, userId, 'REMOVE #mfa', `${STILL_ENROLLED} AND ${STEP_UNUSED} AND ${UNLOCKED}`, {
    ':enabledAt': input.enabledAt,
    ':step': input.step,
    ':now': input.now.toISOString(),
  });

/** Spends one recovery code, found at `index`; the condition makes sure it is still there. */
export const useRecoveryCode = (
  table: Table,
  userId: string,
  input: { index: number; hash: string; now: Date },
): Promise<User> =>
  update(
    table,
    userId,
    `REMOVE #mfa.#recoveryCodeHashes[${input.index}], #mfa.#lockedUntil SET #mfa.#failedAttempts = :zero`,
    `#mfa.#recoveryCodeHashes[${input.index}] = :hash AND ${UNLOCKED}`,
    { ':hash': input.hash, ':now': input.now.toISOString(), ':zero': 0 },
  );

/** Counts a wrong code and returns how many are now in a row. */
export const countFailedAttempt = async (table: Table, userId: string): Promise<number> => {
  const user = await update(
    table,
    userId,
    'SET #mfa.#failedAttempts = if_not_exists(#mfa.#failedAttempts, :zero) + :one',
    'attribute_exists(#mfa)',
    { ':zero': 0, ':one': 1 },
  );
  return user.mfa?.failedAttempts ?? 0;
};

/** Locks MFA; only one of several racing requests does it (the count starts afresh after). */
export const lockMfa = (table: Table, userId: string, lockedUntil: Date): Promise<User> =>
  update(
    table,
    userId,
    'SET #mfa.#lockedUntil = :until, #mfa.#failedAttempts = :zero',
    '#mfa.#failedAttempts >= :max',
    { ':until': lockedUntil.toISOString(), ':zero': 0, ':max': MAX_FAILED_ATTEMPTS },
  );

/** Forgets everything about the user's MFA (admin reset). */
export const removeMfa = (table: Table, userId: string): Promise<User> =>
  update(table, userId, 'REMOVE #mfa');
