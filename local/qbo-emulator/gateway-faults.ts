import { htmlReply, jsonReply, type Reply } from './http';

interface GatewayFault {
  status: number;
  name: string;
  code: string;
  detail: string;
  type: 'AUTHENTICATION' | 'SERVICE';
  headers?: Record<string, string>;
}

const padCode = (code: string) => code.padStart(6, '0');

// Intuit's gateway answers in its own lowercase shape, unlike the API's PascalCase Fault.
const gatewayReply = (fault: GatewayFault, now: number): Reply =>
  jsonReply(
    fault.status,
    {
      warnings: null,
      intuitObject: null,
      fault: {
        error: [
          {
            message: `message=${fault.name}; errorCode=${padCode(fault.code)}; statusCode=${fault.status}`,
            detail: fault.detail,
            code: fault.code,
            element: null,
          },
        ],
        type: fault.type,
      },
      report: null,
      queryResponse: null,
      batchItemResponse: [],
      attachableResponse: [],
      syncErrorResponse: null,
      requestId: null,
      time: now,
      status: null,
      cdcresponse: [],
    },
    fault.headers,
  );

export const authenticationFailedReply = (detail: string, now: number) =>
  gatewayReply(
    { status: 401, name: 'AuthenticationFailed', code: '3200', detail, type: 'AUTHENTICATION' },
    now,
  );

export const authorizationFailedReply = (now: number, code = '3100') =>
  gatewayReply(
    { status: 403, name: 'AuthorizationFailed', code, detail: 'Authorization Failure', type: 'SERVICE' },
    now,
  );

export const throttledReply = (retryAfterSeconds: number, now: number) =>
  gatewayReply(
    {
      status: 429,
      name: 'ThrottleExceeded',
      code: '3001',
      detail: 'The request limit was reached.  Try again later',
      type: 'SERVICE',
      headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    },
    now,
  );

export const serverErrorReply = (status: number, code: string, now: number) =>
  gatewayReply(
    {
      status,
      name: status === 500 ? 'InternalServerError' : 'ServiceUnavailable',
      code,
      detail: 'Internal Server Error',
      type: 'SERVICE',
    },
    now,
  );

// Intuit's load balancer answers some 503s with an HTML page; clients must not assume JSON.
export const loadBalancerUnavailableReply = (): Reply =>
  htmlReply(
    503,
    '<html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>',
  );
