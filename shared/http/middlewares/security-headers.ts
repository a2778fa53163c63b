import { API_SECURITY_HEADERS } from '../security-headers';
import type { ApiMiddleware, ApiRequest } from '../types';

const JSON_CONTENT_TYPE = { 'content-type': 'application/json; charset=utf-8' };

// A route's own headers (a redirect's location) are kept; the security headers fill in around them.
const addHeaders = (request: ApiRequest) => {
  const response = request.response;
  if (!response) return;
  request.response = {
    ...response,
    headers: { ...API_SECURITY_HEADERS, ...(response.body ? JSON_CONTENT_TYPE : {}), ...response.headers },
  };
};

/** Every answer, success or error, carries the API security headers, and says JSON when it has a body. */
export const securityHeaders = (): ApiMiddleware => ({ after: addHeaders, onError: addHeaders });
