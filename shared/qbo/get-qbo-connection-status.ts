import { qboHomeUrl } from './intuit-endpoints';
import { openQboSession, type QboApiDeps } from './qbo-api-client';
import { type QboConnectionStatus, toConnectionStatus } from './qbo-connection';
import { getQboConnection } from './qbo-connection-repository';
import { QboNotConnectedError } from './qbo-errors';

/**
 * The viewer's connection, checked with Intuit by one CompanyInfo read, so a grant Intuit has
 * dropped shows "Reconnect" now rather than failing a later sync.
 */
export const getQboConnectionStatus = async (
  deps: QboApiDeps,
  input: { userId: string },
): Promise<QboConnectionStatus> => {
  const stored = await getQboConnection(deps.table, input.userId);
  if (!stored || stored.needsReconnect) return toConnectionStatus(stored);
  try {
    const session = await openQboSession(deps, input.userId);
    await session.request({ method: 'GET', path: `/companyinfo/${session.realmId}` });
  } catch (error) {
    if (!(error instanceof QboNotConnectedError)) throw error;
  }
  const status = toConnectionStatus(await getQboConnection(deps.table, input.userId, { consistent: true }));
  return status.connected
    ? { ...status, homeUrl: qboHomeUrl(deps.endpointsFor(status.environment)) }
    : status;
};
