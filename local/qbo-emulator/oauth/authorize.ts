import type { EmulatorContext } from '../context';
import { escapeHtml, htmlReply, type Incoming, type Reply, redirectReply } from '../http';
import { renderPage } from '../page-layout';

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';
const KNOWN_SCOPES = new Set([
  ACCOUNTING_SCOPE,
  'com.intuit.quickbooks.payment',
  'openid',
  'profile',
  'email',
  'phone',
  'address',
]);

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
}

type Checked =
  | { kind: 'ok'; request: AuthorizeRequest }
  | { kind: 'error-page'; message: string }
  | { kind: 'error-redirect'; redirectUri: string; error: string; state: string };

const checkAuthorizeRequest = (ctx: EmulatorContext, params: URLSearchParams): Checked => {
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  const state = params.get('state') ?? '';
  // Never redirect to a URI the app did not register: that is how codes leak (RFC 6749 §4.1.2.1).
  if (clientId !== ctx.app.clientId)
    return { kind: 'error-page', message: 'The client_id is not a registered app.' };
  if (!ctx.app.redirectUris.includes(redirectUri))
    return {
      kind: 'error-page',
      message: 'The redirect_uri does not match a redirect URI registered for this app.',
    };
  const scopes = (params.get('scope') ?? '').split(' ').filter(Boolean);
  const redirectError = (error: string): Checked => ({ kind: 'error-redirect', redirectUri, error, state });
  if (params.get('response_type') !== 'code') return redirectError('unsupported_response_type');
  if (!scopes.includes(ACCOUNTING_SCOPE) || scopes.some((scope) => !KNOWN_SCOPES.has(scope)))
    return redirectError('invalid_scope');
  if (!state) return redirectError('invalid_request');
  return { kind: 'ok', request: { clientId, redirectUri, scopes, state } };
};

const withQuery = (uri: string, query: Record<string, string>) => {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(query)) if (value) url.searchParams.set(key, value);
  return url.toString();
};

const errorPage = (message: string) =>
  htmlReply(
    400,
    renderPage(
      'Something went wrong',
      `<h1>Something went wrong</h1><p role="alert">${escapeHtml(message)}</p>`,
    ),
  );

const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

const consentPage = (ctx: EmulatorContext, request: AuthorizeRequest) => {
  const options = ctx.companies
    .map((c) => `<option value="${escapeHtml(c.realmId)}">${escapeHtml(c.companyName)}</option>`)
    .join('');
  const body = `<h1>Connect ${escapeHtml(ctx.app.appName)} to QuickBooks</h1>
<p>${escapeHtml(ctx.app.appName)} wants to access your QuickBooks company data (${escapeHtml(request.scopes.join(', '))}).</p>
<form method="post" action="/connect/oauth2">
${hidden('client_id', request.clientId)}
${hidden('redirect_uri', request.redirectUri)}
${hidden('response_type', 'code')}
${hidden('scope', request.scopes.join(' '))}
${hidden('state', request.state)}
<p><label for="realmId">Company</label>
<select id="realmId" name="realmId">${options}</select></p>
<p class="note">Signed in as the sandbox company admin.</p>
<button type="submit" name="decision" value="allow" class="primary">Connect</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>`;
  return htmlReply(200, renderPage(`Connect ${ctx.app.appName}`, body));
};

const rejectOrPass = (checked: Checked, onOk: (request: AuthorizeRequest) => Reply): Reply => {
  if (checked.kind === 'error-page') return errorPage(checked.message);
  if (checked.kind === 'error-redirect')
    return redirectReply(withQuery(checked.redirectUri, { error: checked.error, state: checked.state }));
  return onOk(checked.request);
};

export const showConsent = (ctx: EmulatorContext, incoming: Incoming): Reply =>
  rejectOrPass(checkAuthorizeRequest(ctx, incoming.url.searchParams), (request) => consentPage(ctx, request));

export const submitConsent = (ctx: EmulatorContext, incoming: Incoming): Reply => {
  const form = new URLSearchParams(incoming.body);
  return rejectOrPass(checkAuthorizeRequest(ctx, form), (request) => {
    if (form.get('decision') !== 'allow')
      return redirectReply(withQuery(request.redirectUri, { error: 'access_denied', state: request.state }));
    const realmId = form.get('realmId') ?? '';
    if (!ctx.companies.some((company) => company.realmId === realmId))
      return errorPage('Pick one of your companies.');
    const code = ctx.grants.issueCode(
      { clientId: request.clientId, redirectUri: request.redirectUri, realmId, scopes: request.scopes },
      ctx.clock.now(),
      ctx.settings,
    );
    return redirectReply(withQuery(request.redirectUri, { code, state: request.state, realmId }));
  });
};
