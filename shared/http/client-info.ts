import type { ClientInfo } from '../auth/session-types';
import type { ApiEvent } from './types';

/**
 * The viewer's address as CloudFront saw it. API Gateway sees only CloudFront's edge, so the site's
 * viewer-request function sets this header from the viewer's own address, replacing any the viewer
 * sent; the origin check has already refused every request that did not come through CloudFront.
 * The local gateway sets it the same way from the socket.
 */
export const VIEWER_ADDRESS_HEADER = 'x-deskbooks-viewer-address';

// A user agent is the client's own text: kept short, it still names the browser and the system.
const MAX_USER_AGENT = 256;

/** The request's client: its address and what its browser says it is. */
export const clientInfoOf = (event: ApiEvent): ClientInfo => ({
  address: event.headers[VIEWER_ADDRESS_HEADER] ?? event.requestContext.http.sourceIp,
  userAgent: (event.headers['user-agent'] ?? '').slice(0, MAX_USER_AGENT),
});
