import type { ClientInfo } from '../auth/session-types';
import { accountSubject, clearThrottle } from '../auth/sign-in-throttle';
import type { Table } from '../db/table';
import { NotFoundError } from '../errors';
import type { User } from '../users/user';
import { auditAccount } from './security-audit';

/** An admin lifts a user's sign-in lock (or slow-down) at once. */
export const unlockSignIn = async (
  deps: { table: Table; now: () => Date },
  input: { actor: User; user: User | undefined; client: ClientInfo },
): Promise<void> => {
  if (!input.user) throw new NotFoundError('User');
  await clearThrottle(deps.table, accountSubject(input.user.email));
  await auditAccount(deps, {
    subjectId: input.user.id,
    actorId: input.actor.id,
    action: 'signin.unlocked',
    client: input.client,
  });
};
