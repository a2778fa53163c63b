import { type AuthenticateDeps, authenticate } from '../authenticate';
import type { ApiMiddleware } from '../types';
import { requestStateOf } from './access-log';
import { matchedRouteOf } from './route-match';

/**
 * The sign-in, MFA gate and role check of the route table (DESIGN §6): public routes pass; every other
 * route needs the caller `authenticate` finds, who is then on the request state for the route.
 */
export const sessionGate = (deps: AuthenticateDeps, authenticateCaller = authenticate): ApiMiddleware => ({
  before: async ({ event, context }) => {
    const { definition } = matchedRouteOf(context);
    if (definition.access.kind === 'public') return;
    requestStateOf(context).caller = await authenticateCaller(deps, event, definition);
  },
});
