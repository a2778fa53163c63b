import { apiHandler } from '../../shared/http/api-handler';
import { disconnectQbo } from '../../shared/qbo/disconnect-qbo';
import { getQboConnectionStatus } from '../../shared/qbo/get-qbo-connection-status';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'GET /api/qbo/connection': async ({ qboConnection, budget }) => ({
    status: 200,
    body: await getQboConnectionStatus(await qboRuntime(), { connection: qboConnection, budget }),
  }),
  'DELETE /api/qbo/connection': async ({ user, qboConnection, budget }) => {
    await disconnectQbo(await qboRuntime(), { userId: user.id, connection: qboConnection, budget });
    return { status: 204 };
  },
});
