import type { TokenCipher } from '../crypto/token-cipher';
import type { Table } from '../db/table';
import type { Logger } from '../platform/logger';
import { IntuitGrantError, type IntuitOAuth } from './intuit-oauth-client';
import { deleteQboConnection, getQboConnection } from './qbo-connection-repository';
import { QboUnavailableError } from './qbo-errors';

export type DisconnectQboDeps = { table: Table; log: Logger; cipher: TokenCipher; oauth: IntuitOAuth };

/** Revokes the grant at Intuit, then forgets the connection. A grant Intuit already dropped is fine. */
export const disconnectQbo = async (deps: DisconnectQboDeps, input: { userId: string }): Promise<void> => {
  const connection = await getQboConnection(deps.table, input.userId, { consistent: true });
  if (!connection) return;
  if (!connection.needsReconnect) {
    try {
      await deps.oauth.revoke(deps.cipher.decrypt(connection.refreshToken));
    } catch (error) {
      if (!(error instanceof IntuitGrantError)) {
        deps.log.warn('QBO revoke failed', { error: (error as Error).message });
        throw new QboUnavailableError('QuickBooks did not confirm the disconnect');
      }
    }
  }
  await deleteQboConnection(deps.table, input.userId);
};
