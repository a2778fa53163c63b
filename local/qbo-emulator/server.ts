import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rejectUnauthorized } from './api/auth';
import { meteringOf } from './api/batch';
import { handleApiRequest } from './api/router';
import type { EmulatorContext } from './context';
import { handleControlRequest } from './control-api';
import type { EmulatorControls } from './controls';
import { PATHS } from './endpoints';
import { delay, injectedFaultReply } from './fault-injection';
import { authorizationFailedReply, serverErrorReply, throttledReply } from './gateway-faults';
import { htmlReply, type Incoming, type Reply, readIncoming, writeReply } from './http';
import { showConsent, submitConsent } from './oauth/authorize';
import { discoveryDocument, handleUserInfo, jwksDocument } from './oauth/openid';
import { handleRevokeRequest, handleTokenRequest } from './oauth/token-endpoint';
import { renderPage } from './page-layout';
import { showCustomer, showHomepage, showInvoice } from './pages';

type Handler = (ctx: EmulatorContext, incoming: Incoming) => Reply;

const INTUIT_ROUTES: Record<string, Handler> = {
  [`GET ${PATHS.authorize}`]: showConsent,
  [`POST ${PATHS.authorize}`]: submitConsent,
  [`POST ${PATHS.token}`]: handleTokenRequest,
  [`POST ${PATHS.revoke}`]: handleRevokeRequest,
  [`GET ${PATHS.userInfo}`]: handleUserInfo,
  [`GET ${PATHS.jwks}`]: jwksDocument,
  [`GET ${PATHS.discoverySandbox}`]: discoveryDocument,
  [`GET ${PATHS.discoveryProduction}`]: discoveryDocument,
  [`GET ${PATHS.homepage}`]: showHomepage,
  [`GET ${PATHS.customerPage}`]: showCustomer,
  [`GET ${PATHS.invoicePage}`]: showInvoice,
};

const API_PATH = /^\/v3\/company\/([^/]+)\/(.*)$/;

// Intuit's transaction ids look like "1-66f5c8a2-3b2f4e6d7a8b9c0d1e2f3a4b".
const newIntuitTid = () => `1-${randomBytes(4).toString('hex')}-${randomBytes(12).toString('hex')}`;

const takeInjectedFault = async (ctx: EmulatorContext, incoming: Incoming): Promise<Reply | undefined> => {
  const rule = ctx.faults.take(incoming.method, incoming.url.pathname);
  if (!rule) return undefined;
  if (rule.latencyMs) await delay(rule.latencyMs);
  return rule.status === undefined ? undefined : injectedFaultReply(rule.status, rule.code, ctx.clock.now());
};

// Gateway order: authentication, then per-realm limits, then any injected fault, then the API itself.
const routeApi = async (
  ctx: EmulatorContext,
  incoming: Incoming,
  realmId: string,
  rest: string,
): Promise<Reply> => {
  const rejected = rejectUnauthorized(ctx, incoming, realmId);
  if (rejected) return rejected;
  const realm = ctx.store.realm(realmId);
  if (!realm) return authorizationFailedReply(ctx.clock.now());
  const segments = rest.split('/').filter(Boolean);
  // A batch takes one unit per item, so its body is read (not yet checked) before admitting it.
  const metering = meteringOf(incoming, segments);
  const admission = ctx.limiter.admit(realmId, ctx.clock.now(), ctx.settings, metering);
  if (!admission.admitted) return throttledReply(admission.retryAfterSeconds, ctx.clock.now());
  try {
    const injected = await takeInjectedFault(ctx, incoming);
    return injected ?? (await handleApiRequest(ctx, realm, incoming, segments));
  } finally {
    admission.release();
  }
};

const notFoundPage = () => htmlReply(404, renderPage('Page not found', '<h1>Page not found</h1>'));

const routeIntuit = async (ctx: EmulatorContext, incoming: Incoming): Promise<Reply> => {
  const { pathname } = incoming.url;
  ctx.calls.record(incoming.method, pathname);
  const api = API_PATH.exec(pathname);
  if (api) return routeApi(ctx, incoming, decodeURIComponent(api[1] ?? ''), api[2] ?? '');
  const injected = await takeInjectedFault(ctx, incoming);
  if (injected) return injected;
  const handler = INTUIT_ROUTES[`${incoming.method} ${pathname}`];
  return handler ? handler(ctx, incoming) : notFoundPage();
};

export const createRequestListener =
  (ctx: EmulatorContext, controls: EmulatorControls) => async (req: IncomingMessage, res: ServerResponse) => {
    const intuitTid = newIntuitTid();
    try {
      const incoming = await readIncoming(req, ctx.origin());
      const { pathname } = incoming.url;
      const reply = pathname.startsWith(`${PATHS.control}/`)
        ? await handleControlRequest(ctx, controls, incoming, pathname.slice(PATHS.control.length))
        : await routeIntuit(ctx, incoming);
      writeReply(res, reply, intuitTid);
    } catch (error) {
      console.error('qbo-emulator: unexpected error', error);
      if (!res.headersSent) writeReply(res, serverErrorReply(500, '10000', ctx.clock.now()), intuitTid);
      else res.end();
    }
  };
