import type { ApiResponse, ApiResult } from '../types';

/** A route's or the error mapper's result as API Gateway takes it: the body as JSON text, cookies apart. */
export const toApiResponse = (result: ApiResult): ApiResponse => ({
  statusCode: result.status,
  headers: Object.fromEntries(
    Object.entries(result.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ),
  ...(result.cookies?.length ? { cookies: result.cookies } : {}),
  body: result.body === undefined ? '' : JSON.stringify(result.body),
});
