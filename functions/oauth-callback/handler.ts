import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { completeQboConnect } from '../../shared/qbo/complete-qbo-connect';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';
import * as z from '../../shared/validation/zod';

// Intuit's redirect: either code + realmId or error, always with our state (qbo-reference §1.2).
const CallbackQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    code: z.optional(z.string().check(z.maxLength(2000))),
    state: z.optional(z.string().check(z.maxLength(200))),
    realmId: z.optional(z.string().check(z.regex(/^\d{1,30}$/, 'Not a QuickBooks company id'))),
    error: z.optional(z.string().check(z.maxLength(200))),
  }),
);

export const handler = apiHandler(runtime, {
  'GET /api/qbo/callback': async ({ event, user, session, budget }) => {
    const query = parseInput(CallbackQuerySchema, event.queryStringParameters, 'query');
    const callbackUrl = `${runtime.config.PUBLIC_URL.replace(/\/$/, '')}${event.rawPath}?${event.rawQueryString}`;
    const { location } = await completeQboConnect(await qboRuntime(), {
      userId: user.id,
      sessionHash: session.tokenHash,
      callbackUrl,
      query,
      budget,
    });
    return { status: 302, headers: { location } };
  },
});
