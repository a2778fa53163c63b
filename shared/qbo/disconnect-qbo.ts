import type { TokenCipher } from '../crypto/token-cipher';
import type { Table } from '../db/table';
import type { Logger } from '../platform/logger';
import type { TimeBudget } from '../platform/time-budget';
import { IntuitGrantError, type IntuitOAuth } from './intuit-oauth-client';
import type { QboConnection } from './qbo-connection';
import { deleteQboConnection } from './qbo-connection-repository';
import { QboUnavailableError } from './qbo-errors';

export type DisconnectQboDeps = { table: Table; log: Logger; cipher: TokenCipher; oauth: IntuitOAuth };

/** Revokes the grant at Intuit, then forgets the connection. A grant Intuit already dropped is fine. */
export const disconnectQbo = async (
  deps: DisconnectQboDeps,
  input: { userId: string; connection: QboConnection | undefined; budget: TimeBudget },
): Promise<void> => {
  const { connection } = input;
  if (!connection) return;
  if (!connection.needsReconnect) {
    try {
      await deps.oauth.revoke(deps.cipher.decrypt(connection.refreshToken), input.budget);
    } catch (error) {
      if (!(error instanceof IntuitGrantError)) {
        deps.log.warn('QBO revoke failed', { error: (error as Error).message });
        throw new QboUnavailableError('QuickBooks did not confirm the disconnect');
      }
    }
  }
  await deleteQboConnection(deps.table, input.userId);
};
