import { describe, expect, it, vi } from 'vitest';
import { UnauthenticatedError } from '../../../../../shared/errors';
import type { authenticate } from '../../../../../shared/http/authenticate';
import { accessLog, requestStateOf } from '../../../../../shared/http/middlewares/access-log';
import { errorMapper } from '../../../../../shared/http/middlewares/error-mapper';
import { routeMatch } from '../../../../../shared/http/middlewares/route-match';
import { sessionGate } from '../../../../../shared/http/middlewares/session-gate';
import type { Caller, RouteHandlers } from '../../../../../shared/http/types';
import { aCapturedLog, aLambdaContext, anApiEvent, bodyOf, ok, stackOf } from '../fake-api';

const deps = { table: {}, now: () => new Date('2026-03-01T12:00:00Z') } as Parameters<typeof authenticate>[0];
const ann = { user: { id: 'ann' }, session: {}, settings: {} } as Caller;
const route = async () => ({ status: 200 });
const handlers: RouteHandlers = {
  'POST /api/session': { public: true, run: route },
  'GET /api/session': route,
};

/** The gate with `authenticateCaller` in place of the real lookup; answers the caller the route saw. */
const gated = async (routeKey: keyof RouteHandlers, authenticateCaller: typeof authenticate) => {
  const { log } = aCapturedLog();
  let caller: Caller | undefined;
  const handler = stackOf(
    [accessLog(log), errorMapper(log), routeMatch(handlers), sessionGate(deps, authenticateCaller)],
    async (_event, context) => {
      caller = requestStateOf(context).caller;
      return ok;
    },
  );
  const response = await handler(anApiEvent(routeKey), aLambdaContext());
  return { response, caller };
};

describe('the session gate', () => {
  it('lets a public route through without looking for a session', async () => {
    const authenticateCaller = vi.fn<typeof authenticate>();

    const { response, caller } = await gated('POST /api/session', authenticateCaller);

    expect(response.statusCode).toBe(200);
    expect(caller).toBeUndefined();
    expect(authenticateCaller).not.toHaveBeenCalled();
  });

  it('hands a signed-in route the caller it found', async () => {
    const { caller } = await gated('GET /api/session', async () => ann);

    expect(caller).toBe(ann);
  });

  it("checks the caller against the route table's rule for the route, with the deps it was given", async () => {
    const authenticateCaller = vi.fn<typeof authenticate>(async () => ann);

    await gated('GET /api/session', authenticateCaller);

    expect(authenticateCaller).toHaveBeenCalledWith(
      deps,
      expect.objectContaining({ routeKey: 'GET /api/session' }),
      expect.objectContaining({ path: '/api/session', access: expect.objectContaining({ mfa: 'exempt' }) }),
    );
    expect(authenticateCaller.mock.calls[0]?.[0]).toBe(deps);
  });

  it('answers with the error the gate raised, and the route does not run', async () => {
    const { response, caller } = await gated('GET /api/session', async () => {
      throw new UnauthenticatedError('Your session has ended; sign in again');
    });

    expect(response.statusCode).toBe(401);
    expect(bodyOf(response).error).toEqual({
      code: 'unauthenticated',
      message: 'Your session has ended; sign in again',
    });
    expect(caller).toBeUndefined();
  });
});
