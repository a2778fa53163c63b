import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { startQboConnect } from '../../shared/qbo/start-qbo-connect';
import { runtime } from '../../shared/runtime';
import * as z from '../../shared/validation/zod';

const ConnectQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ returnTo: z.optional(z.string().check(z.maxLength(500))) }),
);

export const handler = apiHandler(runtime, {
  'GET /api/qbo/connect': async ({ event, user, session }) => {
    const { returnTo } = parseInput(ConnectQuerySchema, event.queryStringParameters, 'query');
    const { location } = await startQboConnect(await qboRuntime(), {
      userId: user.id,
      sessionHash: session.tokenHash,
      returnTo,
    });
    return { status: 302, headers: { location } };
  },
});
