import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { ConnectQuerySchema } from '../../shared/qbo/connect-query';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { startQboConnect } from '../../shared/qbo/start-qbo-connect';
import { runtime } from '../../shared/runtime';

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
