import { RouteNotFoundError } from '../../errors';
import { findRoute, type RouteKey } from '../../routes';
import type { ApiContext, ApiMiddleware, RouteHandlers } from '../types';
import { requestStateOf } from './access-log';

/** Finds the request's route in the route table and this Lambda's handler for it; neither is a 404. */
export const routeMatch = (handlers: RouteHandlers): ApiMiddleware => ({
  before: ({ event, context }) => {
    const definition = findRoute(event.routeKey);
    const handler = handlers[event.routeKey as RouteKey];
    if (!definition || !handler)
      throw new RouteNotFoundError(event.requestContext.http.method, event.rawPath);
    requestStateOf(context).route = { definition, handler };
  },
});

/** The matched route; `routeMatch` runs before anything that needs it. */
export const matchedRouteOf = (context: ApiContext) => {
  const { route } = requestStateOf(context);
  if (!route) throw new Error('routeMatch() must run before this middleware');
  return route;
};
