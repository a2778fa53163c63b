import type { User } from '../../users/user';
import type { PasskeyDeps } from './passkey-deps';
import { listPasskeys, type PublicPasskey, toPublicPasskey } from './passkey-repository';

/** Settings → Security: the user's own passkeys, oldest first. */
export const listOwnPasskeys = async (
  deps: Pick<PasskeyDeps, 'table'>,
  input: { actor: User },
): Promise<{ passkeys: PublicPasskey[] }> => {
  const passkeys = await listPasskeys(deps.table, input.actor.id);
  return {
    passkeys: passkeys.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(toPublicPasskey),
  };
};
