import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { completeQboConnect } from '../../shared/qbo/complete-qbo-connect';
import { CallbackQuerySchema } from '../../shared/qbo/connect-query';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';

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
