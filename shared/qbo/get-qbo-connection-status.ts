import type { TimeBudget } from '../platform/time-budget';
import { qboHomeUrl } from './intuit-endpoints';
import { type QboApiDeps, qboSessionFor } from './qbo-api-client';
import { type QboConnection, type QboConnectionStatus, toConnectionStatus } from './qbo-connection';
import { getQboConnection } from './qbo-connection-repository';
import { QboNotConnectedError } from './qbo-errors';

/**
 * The viewer's connection, checked with Intuit by one CompanyInfo read, so a grant Intuit has
 * dropped shows "Reconnect" now rather than failing a later sync.
 */
export const getQboConnectionStatus = async (
  deps: QboApiDeps,
  input: { connection: QboConnection | undefined; budget: TimeBudget },
): Promise<QboConnectionStatus> => {
  const status = await checkWithIntuit(deps, input.connection, input.budget);
  return status.connected
    ? { ...status, homeUrl: qboHomeUrl(deps.endpointsFor(status.environment)) }
    : status;
};

const checkWithIntuit = async (
  deps: QboApiDeps,
  stored: QboConnection | undefined,
  budget: TimeBudget,
): Promise<QboConnectionStatus> => {
  if (!stored || stored.needsReconnect) return toConnectionStatus(stored);
  try {
    const session = qboSessionFor(deps, stored, budget);
    await session.request({ method: 'GET', path: `/companyinfo/${session.realmId}` });
    return toConnectionStatus(stored);
  } catch (error) {
    if (!(error instanceof QboNotConnectedError)) throw error;
    // Intuit refused the grant and the connection was marked: show it as it is stored now.
    return toConnectionStatus(await getQboConnection(deps.table, stored.userId, { consistent: true }));
  }
};
