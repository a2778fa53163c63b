import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';
import { dismissSyncFailure } from '../../shared/sync-health/dismiss-sync-failure';
import { getSyncHealth } from '../../shared/sync-health/get-sync-health';
import { listSyncFailures } from '../../shared/sync-health/list-sync-failures';
import { retrySyncFailure } from '../../shared/sync-health/retry-sync-failure';
import { SyncFailurePathSchema, SyncFailureQuerySchema } from '../../shared/sync-health/sync-failure-input';

export const handler = apiHandler(runtime, {
  'GET /api/qbo/sync-health': async ({ user }) => ({
    status: 200,
    body: await getSyncHealth(runtime, { viewer: user }),
  }),
  'GET /api/qbo/sync-failures': async ({ event, user }) => {
    const { kind, subjectId, limit, cursor } = parseInput(
      SyncFailureQuerySchema,
      event.queryStringParameters,
      'query',
    );
    return {
      status: 200,
      body: await listSyncFailures(runtime, {
        viewer: user,
        limit,
        cursor,
        subject: kind && subjectId ? { kind, subjectId } : undefined,
      }),
    };
  },
  'POST /api/qbo/sync-failures/{id}/retry': async ({ event, user, settings, qboConnection, budget }) => {
    const { id } = parseInput(SyncFailurePathSchema, event.pathParameters, 'id');
    return {
      status: 200,
      body: await retrySyncFailure(await qboRuntime(), {
        viewer: user,
        subject: id,
        settings,
        connection: qboConnection,
        budget,
      }),
    };
  },
  'DELETE /api/qbo/sync-failures/{id}': async ({ event, user }) => {
    const { id } = parseInput(SyncFailurePathSchema, event.pathParameters, 'id');
    await dismissSyncFailure(runtime, { viewer: user, subject: id });
    return { status: 204 };
  },
});
