import type { ErrorCode } from '../errors';
import { SESSION_COOKIE } from '../http/cookies';
import { ERROR_STATUS } from '../http/error-response';
import { ROUTES, type RouteDefinition, type RouteKey, routeKeyOf } from '../routes';
import { ROLES } from '../users/role';
import * as z from '../validation/zod';
import type { Operation, Operations } from './operation';

type JsonSchema = Record<string, unknown>;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  validation_failed:
    'a field, the path, the query or the body is not valid; `details.fieldErrors` names each field and why',
  unauthenticated: 'no session, or the session has ended',
  invalid_signature: "the body's signature does not match",
  origin_refused: "the request did not come through the site's address",
  forbidden: "the caller's role may not do this",
  mfa_required: 'the session still needs its second step (a code or a passkey)',
  mfa_setup_required: 'MFA is enforced and the caller has not set it up',
  mfa_locked: 'too many wrong codes: the second factor is locked until `details.lockedUntil`',
  too_many_attempts: 'too many failed sign-ins: wait until `details.retryAt`',
  qbo_sync_user_disabled: 'customer sync is turned off in Settings',
  qbo_sync_invoice_disabled: 'invoice sync is turned off in Settings',
  not_found: 'what the path names does not exist, or is not the caller’s to see',
  conflict: 'the change conflicts with the current state (a newer version, a duplicate, a rule)',
  qbo_not_connected: 'the caller has not connected QuickBooks, or the connection has ended',
  qbo_error: 'QuickBooks refused the request; the message says why',
  qbo_throttled: 'QuickBooks is throttling this company: try again after `Retry-After`',
  qbo_unavailable: 'QuickBooks did not answer in time: try again',
  internal_error: 'something failed on our side',
};

/** JSON Schema of a zod schema, as it reads a request (`input`) or as a response is written (`output`). */
const jsonSchemaOf = (schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    // A transform's output has no JSON Schema: what a request must send is its input's.
    unrepresentable: 'any',
  }) as JsonSchema;
  if ('$defs' in json) throw new Error('A recursive schema needs its own component: not supported yet');
  return json;
};

const propertiesOf = (json: JsonSchema) => ({
  properties: (json.properties ?? {}) as Record<string, JsonSchema>,
  required: new Set((json.required ?? []) as string[]),
});

/** The error codes a route can answer: what its access rule, path and input imply, then its own. */
export const errorCodesOf = (route: RouteDefinition, operation: Operation): ErrorCode[] => {
  const codes = new Set<ErrorCode>(['origin_refused']);
  const { access } = route;
  if (access.kind === 'signed-in') {
    codes.add('unauthenticated');
    if (access.mfa !== 'exempt') codes.add('mfa_required');
    if (access.mfa === 'gate') codes.add('mfa_setup_required');
    if (access.roles.length < ROLES.length) codes.add('forbidden');
  }
  const takesInput = operation.path || operation.query || operation.body;
  if (takesInput || (STATE_CHANGING.has(route.method) && route.body !== 'raw'))
    codes.add('validation_failed');
  if (route.path.includes('{')) codes.add('not_found');
  for (const code of operation.errors ?? []) codes.add(code);
  codes.add('internal_error');
  return [...codes];
};

const errorBodySchema = (codes: readonly ErrorCode[]): JsonSchema => ({
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', enum: codes },
        message: { type: 'string', description: 'For people: says what to do next' },
        details: {
          type: 'object',
          description: 'For programs: `fieldErrors` (field → reasons) on validation_failed, times on a lock',
        },
      },
    },
  },
});

const errorResponses = (codes: readonly ErrorCode[]) => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes)
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      String(status),
      {
        description: statusCodes.map((code) => `\`${code}\`: ${ERROR_DESCRIPTIONS[code]}`).join('; '),
        ...(status === 429 || status === 423
          ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'string' } } } }
          : {}),
        content: { 'application/json': { schema: errorBodySchema(statusCodes) } },
      },
    ]),
  );
};

const successResponses = (operation: Operation) =>
  Object.fromEntries(
    Object.entries(operation.responses).map(([status, response]) => [
      status,
      {
        description: response?.description ?? '',
        ...(response?.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(response.headers).map(([name, header]) => [
                  name,
                  { ...header, schema: { type: 'string' } },
                ]),
              ),
            }
          : {}),
        ...(response?.body
          ? { content: { 'application/json': { schema: jsonSchemaOf(response.body, 'output') } } }
          : response?.media
            ? { content: { [response.media]: { schema: { type: 'string', format: 'binary' } } } }
            : {}),
      },
    ]),
  );

const parametersOf = (route: RouteDefinition, operation: Operation) => {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  const path = propertiesOf(operation.path ? jsonSchemaOf(operation.path, 'input') : {});
  const pathParameters = names.map((name) => {
    const schema = path.properties[name];
    if (!schema) throw new Error(`${routeKeyOf(route)}: document the path parameter {${name}}`);
    return { name, in: 'path', required: true, schema };
  });
  const query = propertiesOf(operation.query ? jsonSchemaOf(operation.query, 'input') : {});
  const queryParameters = Object.entries(query.properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: query.required.has(name),
    schema,
  }));
  const headers = propertiesOf(operation.headers ? jsonSchemaOf(operation.headers, 'input') : {});
  const headerParameters = Object.entries(headers.properties).map(([name, schema]) => ({
    name,
    in: 'header',
    required: headers.required.has(name),
    schema,
  }));
  return [...pathParameters, ...queryParameters, ...headerParameters];
};

const operationIdOf = (route: RouteDefinition) =>
  route.method.toLowerCase() +
  route.path
    .slice('/api/'.length)
    .split(/[/.-]/)
    .map((part) => (part.startsWith('{') ? `By${part.slice(1, 2).toUpperCase()}${part.slice(2, -1)}` : part))
    .map((part) => part.slice(0, 1).toUpperCase() + part.slice(1))
    .join('');

const accessNote = (route: RouteDefinition) => {
  const { access } = route;
  if (access.kind === 'public') return 'Public: no session needed.';
  const who = access.roles.length === ROLES.length ? 'any signed-in user' : access.roles.join(' or ');
  const mfa =
    access.mfa === 'exempt'
      ? ' Answers while the MFA step or setup is still pending.'
      : access.mfa === 'enrol'
        ? ' Answers while MFA setup is required, not while the second step is pending.'
        : '';
  return `Who: ${who}.${mfa}`;
};

const operationObject = (route: RouteDefinition, operation: Operation) => {
  const parameters = parametersOf(route, operation);
  const body = operation.body ? jsonSchemaOf(operation.body, 'input') : undefined;
  return {
    operationId: operationIdOf(route),
    summary: operation.summary,
    description: [operation.description, accessNote(route)].filter(Boolean).join('\n\n'),
    tags: [operation.tag],
    ...(route.access.kind === 'public' ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            // The handler reads a missing body as `{}`: the body is required when `{}` is refused.
            required: operation.body ? !z.safeParse(operation.body, {}).success : false,
            content: { 'application/json': { schema: body } },
          },
        }
      : {}),
    responses: { ...successResponses(operation), ...errorResponses(errorCodesOf(route, operation)) },
  };
};

const DESCRIPTION = `The HTTP API the Deskbooks web app uses: helpdesk issues, their billable work and their QuickBooks Online invoices.

Sign in with \`POST /api/session\`: the answer sets the \`${SESSION_COOKIE}\` cookie, which every other call sends back. Every request that changes data (POST, PUT, PATCH, DELETE) must say \`Content-Type: application/json\`, even without a body: a cross-site form cannot, which guards against CSRF. Errors answer \`{"error": {"code", "message", "details"?}}\`; each operation lists the codes it can answer under each status. The API answers only through the site's own address: a request straight to the API's origin is refused with 403 \`origin_refused\`.`;

/** The OpenAPI 3.1 document of every route in the route table, from the operations that describe them. */
export const buildOpenApiDocument = (operations: Operations, version: string) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const operation = operations[routeKeyOf(route) as RouteKey];
    if (!operation) throw new Error(`${routeKeyOf(route)} has no operation in shared/openapi/operations`);
    paths[route.path] = {
      ...paths[route.path],
      [route.method.toLowerCase()]: operationObject(route, operation),
    };
  }
  const tags = [...new Set(Object.values(operations).map((operation) => operation.tag))];
  return {
    openapi: '3.1.0',
    info: { title: 'Deskbooks API', version, description: DESCRIPTION },
    servers: [{ url: '/', description: "The site's own address: the API is under /api" }],
    tags: tags.map((name) => ({ name })),
    security: [{ session: [] }],
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The session cookie `POST /api/session` sets (HttpOnly, SameSite=Lax)',
        },
      },
    },
    paths,
  };
};
