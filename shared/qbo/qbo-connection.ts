import type { EncryptedValue } from '../crypto/encrypted-value';
import type { IntuitEnvironment } from './intuit-endpoints';

/** A staff member's link to one QBO company. Tokens are sealed; `version` orders refreshes. */
export type QboConnection = {
  userId: string;
  realmId: string;
  companyName: string;
  environment: IntuitEnvironment;
  accessToken: EncryptedValue;
  refreshToken: EncryptedValue;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
  connectedAt: string;
  refreshedAt?: string;
  version: number;
  /** Set when Intuit refused the refresh token: the user must reconnect. */
  needsReconnect?: { reason: string; at: string };
};

/** What the API shows of a connection: never a token. */
export type QboConnectionStatus =
  | { connected: false }
  | {
      connected: true;
      realmId: string;
      companyName: string;
      environment: IntuitEnvironment;
      connectedAt: string;
      /** The QBO web app's home for this connection's environment (the "Sign in" link). */
      homeUrl?: string;
      needsReconnect?: { reason: string; at: string };
    };

export const toConnectionStatus = (connection: QboConnection | undefined): QboConnectionStatus =>
  connection
    ? {
        connected: true,
        realmId: connection.realmId,
        companyName: connection.companyName,
        environment: connection.environment,
        connectedAt: connection.connectedAt,
        ...(connection.needsReconnect ? { needsReconnect: connection.needsReconnect } : {}),
      }
    : { connected: false };
