import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { JobPathSchema, LatestJobQuerySchema, StartJobSchema } from '../../shared/jobs/job-input';
import { cancelJob, getJobView, getLatestJobView, startJob } from '../../shared/jobs/job-service';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'POST /api/jobs': async ({ body, user, settings, qboConnection }) => {
    const { kind } = parseInput(StartJobSchema, body);
    return {
      status: 202,
      body: await startJob(runtime, { actor: user, kind, settings, connection: qboConnection }),
    };
  },
  'GET /api/jobs': async ({ event }) => {
    const { kind } = parseInput(LatestJobQuerySchema, event.queryStringParameters ?? {}, 'query');
    return { status: 200, body: await getLatestJobView(runtime, kind) };
  },
  'GET /api/jobs/{id}': async ({ event }) => {
    const { id } = parseInput(JobPathSchema, event.pathParameters, 'id');
    return { status: 200, body: await getJobView(runtime, id) };
  },
  'POST /api/jobs/{id}/cancel': async ({ event }) => {
    const { id } = parseInput(JobPathSchema, event.pathParameters, 'id');
    return { status: 200, body: await cancelJob(runtime, id) };
  },
});
