import { getUserQboSync } from '../../shared/customers/get-user-qbo-sync';
import { syncUserToQbo } from '../../shared/customers/sync-user-to-qbo';
import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { UserPathSchema } from '../../shared/http/path-params';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'GET /api/users/{id}/qbo-sync': async ({ event, pathUser }) => {
    parseInput(UserPathSchema, event.pathParameters, 'id');
    return { status: 200, body: await getUserQboSync(await qboRuntime(), { user: pathUser }) };
  },
  'POST /api/users/{id}/qbo-sync': async ({ event, user, settings, qboConnection, budget }) => {
    const { id } = parseInput(UserPathSchema, event.pathParameters, 'id');
    return {
      status: 200,
      body: await syncUserToQbo(await qboRuntime(), {
        actor: user,
        userId: id,
        settings,
        connection: qboConnection,
        budget,
      }),
    };
  },
});
