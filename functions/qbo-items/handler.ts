import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { CreateItemSchema } from '../../shared/items/qbo-item';
import { createQboItem, listIncomeAccounts, listQboItems } from '../../shared/items/qbo-items';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'GET /api/qbo/items': async ({ qboConnection, budget }) => ({
    status: 200,
    body: await listQboItems(await qboRuntime(), { connection: qboConnection, budget }),
  }),
  'GET /api/qbo/income-accounts': async ({ qboConnection, budget }) => ({
    status: 200,
    body: await listIncomeAccounts(await qboRuntime(), { connection: qboConnection, budget }),
  }),
  'POST /api/qbo/items': async ({ body, qboConnection, budget }) => ({
    status: 201,
    body: await createQboItem(await qboRuntime(), {
      connection: qboConnection,
      budget,
      fields: parseInput(CreateItemSchema, body),
    }),
  }),
});
