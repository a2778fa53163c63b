import type { ClientInfo } from '../auth/session-types';
import type { ApiEvent } from './types';

// A user agent is the client's own text: kept short, it still names the browser and the system.
const MAX_USER_AGENT = 256;

/** The request's client, as API Gateway saw it. */
export const clientInfoOf = (event: ApiEvent): ClientInfo => ({
  address: event.requestContext.http.sourceIp,
  userAgent: (event.headers['user-agent'] ?? '').slice(0, MAX_USER_AGENT),
});
