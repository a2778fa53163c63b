import * as z from 'zod';
import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { completeQboConnect } from '../../shared/qbo/complete-qbo-connect';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';

// Intuit's redirect: either code + realmId or error, always with our state (qbo-reference §1.2).
const CallbackQuerySchema = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  realmId: z
    .string()
    .regex(/^\d{1,30}$/, 'Not a QuickBooks company id')
    .optional(),
  error: z.string().max(200).optional(),
});

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
