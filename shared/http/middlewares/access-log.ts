import { randomUUID } from 'node:crypto';
import type { Logger } from '../../platform/logger';
import type { ApiContext, ApiMiddleware, ApiRequest, RequestState } from '../types';

/**
 * First in the stack: gives the request its id and a logger that carries it (and the route), and
 * writes one line per request once the answer is known, success or error. The logger redacts secrets.
 */
export const accessLog = (log: Logger, clock: () => number = Date.now): ApiMiddleware => {
  const logRequest = ({ event, context, response }: ApiRequest) => {
    const state = context.requestState;
    (state?.log ?? log).info('request', {
      method: event.requestContext.http.method,
      path: event.rawPath,
      status: response?.statusCode,
      durationMs: state ? clock() - state.startedAt : undefined,
      userId: state?.caller?.user.id,
    });
  };
  return {
    before: ({ event, context }) => {
      const requestId = event.requestContext.requestId || randomUUID();
      context.requestState = {
        requestId,
        log: log.child({ requestId, route: event.routeKey }),
        startedAt: clock(),
      };
    },
    after: logRequest,
    onError: logRequest,
  };
};

/** What the middlewares so far learnt about this request; `accessLog` starts it, so it runs first. */
export const requestStateOf = (context: ApiContext): RequestState => {
  if (!context.requestState) throw new Error('accessLog() must be the first middleware');
  return context.requestState;
};
