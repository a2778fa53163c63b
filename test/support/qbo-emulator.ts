import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type QboEmulator, startQboEmulator } from '../../local/qbo-emulator';

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

export interface ConnectedCompany {
  realmId: string;
  accessToken: string;
  refreshToken: string;
}

export interface ApiResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on Intuit's raw JSON, whose shape is what they check
  body: any;
}

export const startTestQboEmulator = () => startQboEmulator({ port: 0 });

export const authorizeUrl = (
  emulator: QboEmulator,
  overrides: Partial<Record<'client_id' | 'redirect_uri' | 'scope' | 'state' | 'response_type', string>> = {},
) => {
  const params = new URLSearchParams({
    client_id: emulator.clientId,
    response_type: 'code',
    scope: ACCOUNTING_SCOPE,
    redirect_uri: emulator.redirectUris[0] ?? '',
    state: 'state-123',
    ...overrides,
  });
  return `${emulator.endpoints.authorizeEndpoint}?${params}`;
};

const unescapeHtml = (value: string) =>
  value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** Reads the consent page's form the way a browser would: hidden inputs plus the picked company. */
const readConsentForm = (html: string) => {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '';
  const fields = new URLSearchParams();
  for (const [, name = '', value = ''] of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  ))
    fields.set(unescapeHtml(name), unescapeHtml(value));
  const companies = [...html.matchAll(/<option value="([^"]+)">([^<]+)<\/option>/g)].map(
    ([, realmId = '', name = '']) => ({
      realmId: unescapeHtml(realmId),
      name: unescapeHtml(name),
    }),
  );
  return { action, fields, companies };
};

/** Opens the consent page, clicks Connect (or Cancel) and returns the redirect Intuit would send. */
export const answerConsent = async (
  emulator: QboEmulator,
  url: string,
  decision: 'allow' | 'deny' = 'allow',
  realmId?: string,
): Promise<URL> => {
  const page = await fetch(url);
  const form = readConsentForm(await page.text());
  form.fields.set('realmId', realmId ?? form.companies[0]?.realmId ?? '');
  form.fields.set('decision', decision);
  const answer = await fetch(new URL(form.action, emulator.url), {
    method: 'POST',
    body: form.fields,
    redirect: 'manual',
  });
  return new URL(answer.headers.get('location') ?? 'about:blank');
};

const basicAuth = (emulator: QboEmulator) =>
  `Basic ${Buffer.from(`${emulator.clientId}:${emulator.clientSecret}`).toString('base64')}`;

export const postTokenForm = (
  emulator: QboEmulator,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) =>
  fetch(emulator.endpoints.tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: basicAuth(emulator),
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...headers,
    },
    body: new URLSearchParams(form),
  });

export const connectCompany = async (emulator: QboEmulator, realmId?: string): Promise<ConnectedCompany> => {
  const callback = await answerConsent(emulator, authorizeUrl(emulator), 'allow', realmId);
  const response = await postTokenForm(emulator, {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: emulator.redirectUris[0] ?? '',
  });
  const tokens = (await response.json()) as { access_token: string; refresh_token: string };
  return {
    realmId: callback.searchParams.get('realmId') ?? '',
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
  };
};

export const revokeToken = (emulator: QboEmulator, token: string) =>
  fetch(emulator.endpoints.revokeEndpoint, {
    method: 'POST',
    headers: {
      authorization: basicAuth(emulator),
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ token }),
  });

const asResult = async (response: Response): Promise<ApiResult> => {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // HTML or empty bodies stay text
  }
  return { status: response.status, headers: response.headers, body };
};

/** A bare v3 client: what any QBO SDK sends, with no retries or mapping, so tests see Intuit's raw answers. */
export const qboApi = (emulator: QboEmulator, company: Pick<ConnectedCompany, 'realmId' | 'accessToken'>) => {
  const base = `${emulator.url}/v3/company/${company.realmId}`;
  const headers = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${company.accessToken}`,
    accept: 'application/json',
    'content-type': 'application/json',
    ...extra,
  });
  return {
    get: async (path: string, extra?: Record<string, string>) =>
      asResult(await fetch(`${base}/${path}`, { headers: headers(extra) })),
    post: async (path: string, body: unknown, extra?: Record<string, string>) =>
      asResult(
        await fetch(`${base}/${path}`, {
          method: 'POST',
          headers: headers(extra),
          body: JSON.stringify(body),
        }),
      ),
    query: async (query: string) =>
      asResult(
        await fetch(`${base}/query?query=${encodeURIComponent(query)}&minorversion=75`, {
          headers: headers(),
        }),
      ),
  };
};

export type QboApi = ReturnType<typeof qboApi>;

export const faultOf = (result: ApiResult) => result.body?.Fault?.Error?.[0];
export const gatewayFaultOf = (result: ApiResult) => result.body?.fault?.error?.[0];

export const salesLine = (amount: number, extra: Record<string, unknown> = {}) => ({
  DetailType: 'SalesItemLineDetail',
  Amount: amount,
  SalesItemLineDetail: { ItemRef: { value: '1' }, ...extra },
});

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as posted. */
  body: string;
}

/** A status to answer, or `hang` to never answer (a receiver that times out). */
export type WebhookAnswer = number | 'hang';

/**
 * A stand-in for the app's `POST /api/qbo/webhooks`: records every POST and answers what it is told,
 * by default 200.
 */
export const startWebhookReceiver = async () => {
  const received: ReceivedWebhook[] = [];
  let answers: WebhookAnswer[] = [];
  let otherwise: WebhookAnswer = 200;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    const answer = answers.shift() ?? otherwise;
    if (answer !== 'hang') res.writeHead(answer).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/qbo/webhooks`,
    received,
    /** Answers these to the next POSTs, in order, then `then` to every later one. */
    answer: (next: WebhookAnswer[], then: WebhookAnswer = 200) => {
      answers = [...next];
      otherwise = then;
    },
    /** The parsed bodies received so far. */
    // biome-ignore lint/suspicious/noExplicitAny: tests assert on Intuit's raw JSON, whose shape is what they check
    bodies: (): any[] => received.map(({ body }) => JSON.parse(body)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** What a receiver computes to check `intuit-signature`: base64(HMAC-SHA256(raw body, verifier token)). */
export const webhookSignature = (body: string, verifierToken: string) =>
  createHmac('sha256', verifierToken).update(body, 'utf8').digest('base64');
