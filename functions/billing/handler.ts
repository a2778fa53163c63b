import { CreateCatalogItemSchema, UpdateCatalogItemSchema } from '../../shared/billing/catalog-item';
import { createCatalogItem } from '../../shared/billing/create-catalog-item';
import { listCatalog } from '../../shared/billing/list-catalog';
import { updateCatalogItem } from '../../shared/billing/update-catalog-item';
import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { CatalogItemPathSchema } from '../../shared/http/path-params';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'GET /api/catalog': async () => ({ status: 200, body: await listCatalog(runtime) }),
  'POST /api/catalog': async ({ body, user }) => ({
    status: 201,
    body: await createCatalogItem(runtime, {
      actor: user,
      fields: parseInput(CreateCatalogItemSchema, body),
    }),
  }),
  'PATCH /api/catalog/{id}': async ({ event, body, user }) => {
    const { id } = parseInput(CatalogItemPathSchema, event.pathParameters, 'id');
    const changes = parseInput(UpdateCatalogItemSchema, body);
    return { status: 200, body: await updateCatalogItem(runtime, { actor: user, itemId: id, changes }) };
  },
});
