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

/** The body as it came, for routes that read their own (`body: 'raw'` in the route table). */
export const rawBodyOf = (event: ApiEvent): Buffer =>
  Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');

export const jsonBody = (): ApiMiddleware => ({
  before: ({ event, context }) => {
    const state = requestStateOf(context);
    if (state.route?.definition.body === 'raw') return;
    state.body = parseJsonBody(event);
  },
});
