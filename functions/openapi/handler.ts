import document from '../../docs/openapi.json' with { type: 'json' };
import { apiHandler, publicRoute } from '../../shared/http/api-handler';
import { runtime } from '../../shared/runtime';

// The committed document (`npm run openapi` writes it; a test fails while it is stale), bundled as
// JSON: the zod schemas and the generator stay out of the function.
export const handler = apiHandler(runtime, {
  'GET /api/openapi.json': publicRoute(async () => ({ status: 200, body: document })),
});
