import { ValidationError } from '../../errors';
import type { ApiEvent, ApiMiddleware } from '../types';
import { requestStateOf } from './access-log';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Parses the JSON body. State-changing requests must say JSON: a cross-site form cannot, which guards against CSRF. */
const parseJsonBody = (event: ApiEvent): unknown => {
  const method = event.requestContext.http.method;
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (STATE_CHANGING.has(method) && contentType !== 'application/json') {
    throw new ValidationError(
      { 'content-type': ['Send the request as JSON with Content-Type: application/json'] },
      'Requests that change data must be sent as JSON',
    );
  }
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(
      { body: ['The request body is not valid JSON'] },
      'The request body is not valid JSON',
    );
  }
};

export const jsonBody = (): ApiMiddleware => ({
  before: ({ event, context }) => {
    requestStateOf(context).body = parseJsonBody(event);
  },
});
