import type { ApiResponse, ApiResult } from '../types';

/** A route's or the error mapper's result as API Gateway takes it: the body as JSON text (a file as base64), cookies apart. */
export const toApiResponse = (result: ApiResult): ApiResponse => ({
  statusCode: result.status,
  headers: Object.fromEntries(
    Object.entries(result.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ),
  ...(result.cookies?.length ? { cookies: result.cookies } : {}),
  ...(result.bytes
    ? { body: Buffer.from(result.bytes).toString('base64'), isBase64Encoded: true }
    : { body: result.body === undefined ? '' : JSON.stringify(result.body) }),
});
