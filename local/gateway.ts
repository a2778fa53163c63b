import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { FUNCTION_TIMEOUT_SECONDS } from '../shared/function-timeouts';
import { VIEWER_ADDRESS_HEADER } from '../shared/http/client-info';
import { API_SECURITY_HEADERS } from '../shared/http/security-headers';
import { createOriginSecretLoader, ORIGIN_HEADER } from '../shared/origin/origin-secret';
import { ROUTES, type RouteDefinition, type RouteGroup, routeKeyOf } from '../shared/routes';
import { WEB_SECURITY_HEADERS } from '../shared/web-security-headers';
import { invokeLambda, type LambdaFunction } from './lambda-invoke';

type LambdaHandler = LambdaFunction<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

const FUNCTIONS_DIR = resolve(import.meta.dirname, '../functions');

const compiledRoutes = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route: route as RouteDefinition, regex: new RegExp(`^${pattern}$`), names };
});

/**
 * A path segment as the handler gets it: percent-decoded, or as sent when it does not decode (`%E0%A4%A`),
 * so the handler's own schema refuses it with a 400 rather than the gateway failing.
 */
const decodeOrKeep = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const matchRoute = (method: string, path: string) => {
  const allowed: string[] = [];
  for (const { route, regex, names } of compiledRoutes) {
    const match = regex.exec(path);
    if (!match) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const pathParameters = Object.fromEntries(
      names.map((name, index) => [name, decodeOrKeep(match[index + 1] ?? '')]),
    );
    return { route, pathParameters };
  }
  return { allowed };
};

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolveBody(Buffer.concat(chunks)));
    request.on('error', reject);
  });

/** Shapes an HTTP request as API Gateway's HTTP API (payload 2.0) would hand it to the Lambda. */
const toEvent = (
  request: IncomingMessage,
  url: URL,
  route: RouteDefinition,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = request.headers.cookie
    ?.split(';')
    .map((part) => part.trim())
    .filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const now = new Date();
  const routeKey = routeKeyOf(route);
  const isText = /json|text|x-www-form-urlencoded/.test(headers['content-type'] ?? 'application/json');
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !isText,
  };
};

/** What API Gateway answers when the function has not answered in time (it carries none of our headers). */
const TIMED_OUT = {
  statusCode: 503,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'Service Unavailable' }),
} satisfies APIGatewayProxyStructuredResultV2;

const sendJson = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, {
    ...API_SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    ...headers,
  });
  response.end(JSON.stringify(body));
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built web app like S3 + CloudFront: files as they are, any other path gets index.html,
 * every answer with the headers CloudFront adds.
 */
const serveStatic = (webRoot: string, url: URL, response: ServerResponse) => {
  const relative = normalize(decodeOrKeep(url.pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(webRoot, relative);
  if (!file.startsWith(webRoot) || !existsSync(file) || statSync(file).isDirectory())
    file = join(webRoot, 'index.html');
  if (!existsSync(file)) {
    response.writeHead(503, { ...WEB_SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    response.end('The web app is not built yet: run `npm run build`.');
    return;
  }
  const immutable = file.includes(`${join(webRoot, 'assets')}`);
  response.writeHead(200, {
    ...WEB_SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(file).pipe(response);
};

export type Gateway = { server: Server; url: string; close(): Promise<void> };

type ApiOptions = {
  /** Each function's timeout; the stack's unless a test needs one to run out. */
  functionTimeoutSeconds?: Partial<Record<RouteGroup, number>>;
};

/**
 * API Gateway's part: a request under `/api/` to the Lambda handler of its route (found through the
 * route table), as an HTTP API (payload 2.0) event; `beforeInvoke` adds what comes in front of it.
 */
const apiGateway = (options: ApiOptions, beforeInvoke: (event: APIGatewayProxyEventV2) => Promise<void>) => {
  const timeoutOf = (group: RouteGroup) =>
    options.functionTimeoutSeconds?.[group] ?? FUNCTION_TIMEOUT_SECONDS[group];
  const handlers = new Map<RouteGroup, Promise<LambdaHandler>>();
  const handlerOf = (group: RouteGroup) => {
    let loading = handlers.get(group);
    if (!loading) {
      const file = pathToFileURL(join(FUNCTIONS_DIR, group, 'handler.ts')).href;
      loading = import(file).then((module: { handler: LambdaHandler }) => module.handler);
      handlers.set(group, loading);
    }
    return loading;
  };
  return async (request: IncomingMessage, url: URL, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    const matched = matchRoute(method, url.pathname);
    if (!('route' in matched) || !matched.route) {
      const { allowed } = matched;
      return sendJson(
        response,
        allowed.length ? 405 : 404,
        { error: { code: 'not_found', message: `No route for ${method} ${url.pathname}` } },
        allowed.length ? { allow: allowed.join(', ') } : {},
      );
    }
    const body = await readBody(request);
    const event = toEvent(request, url, matched.route, matched.pathParameters, body);
    await beforeInvoke(event);
    const { group } = matched.route;
    // A handler still running at its timeout runs on in the background; API Gateway answers 503.
    const outcome = await invokeLambda(await handlerOf(group), event, {
      functionName: `deskbooks-${group}`,
      requestId: event.requestContext.requestId,
      timeoutSeconds: timeoutOf(group),
    });
    const result: APIGatewayProxyStructuredResultV2 = outcome.timedOut ? TIMED_OUT : outcome.value;
    const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
    if (result.cookies?.length) headers['set-cookie'] = result.cookies;
    response.writeHead(result.statusCode ?? 200, headers);
    // API Gateway decodes a base64 body before it answers (a PDF, for instance).
    response.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
  };
};

const listen = async (
  handle: (request: IncomingMessage, url: URL, response: ServerResponse) => Promise<void>,
  port: number,
  host: string,
): Promise<Gateway> => {
  const server = createServer(async (request, response) => {
    try {
      // Prefixed rather than resolved against a base, so `//host/path` stays a path on this host.
      await handle(request, new URL(`http://localhost${request.url ?? '/'}`), response);
    } catch (error) {
      console.error('gateway: handler crashed', error);
      if (!response.headersSent) {
        sendJson(response, 500, {
          error: { code: 'internal_error', message: 'Something went wrong on our side.' },
        });
      }
    }
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolveListen());
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://localhost:${boundPort}`,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
};

/**
 * The local stand-in for CloudFront in front of API Gateway: `/api/*` goes to the same Lambda handlers
 * the stack deploys, with the origin header CloudFront adds; everything else to the built web app.
 */
export const startGateway = async (
  options: ApiOptions & {
    port: number;
    host?: string;
    webRoot: string;
    /** The origin secret's file (ORIGIN_SECRET_FILE): its current value goes in every request's origin header. */
    originSecretFile: string;
  },
): Promise<Gateway> => {
  const originSecret = createOriginSecretLoader({ kind: 'file', path: options.originSecretFile });
  const api = apiGateway(options, async (event) => {
    // As CloudFront's origin custom header does, this replaces any header of the name the caller sent.
    event.headers[ORIGIN_HEADER] = (await originSecret.values()).current;
    event.headers[VIEWER_ADDRESS_HEADER] = event.requestContext.http.sourceIp;
  });
  return listen(
    async (request, url, response) =>
      url.pathname.startsWith('/api/')
        ? api(request, url, response)
        : serveStatic(options.webRoot, url, response),
    options.port,
    options.host ?? '127.0.0.1',
  );
};

/**
 * API Gateway's own endpoint (`…execute-api…amazonaws.com`), which anyone can call around CloudFront:
 * the requests carry no origin header, so the handlers refuse them.
 */
export const startApiEndpoint = async (options: ApiOptions & { port: number; host?: string }) => {
  const api = apiGateway(options, async () => {});
  return listen(
    async (request, url, response) =>
      url.pathname.startsWith('/api/')
        ? api(request, url, response)
        : sendJson(response, 404, { message: 'Not Found' }),
    options.port,
    options.host ?? '127.0.0.1',
  );
};
