import { apiHandler } from '../../shared/http/api-handler';
import { clientInfoOf } from '../../shared/http/client-info';
import { parseInput } from '../../shared/http/parse-input';
import { pageQueryShape, UserPathSchema } from '../../shared/http/path-params';
import { runtime } from '../../shared/runtime';
import { createUser } from '../../shared/users/create-user';
import { getUserProfile } from '../../shared/users/get-user-profile';
import { listUsers } from '../../shared/users/list-users';
import { ROLES } from '../../shared/users/role';
import { updateUser } from '../../shared/users/update-user';
import { CreateUserSchema, UpdateUserSchema } from '../../shared/users/user';
import * as z from '../../shared/validation/zod';

const ListUsersQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    ...pageQueryShape(),
    q: z.optional(z.string().check(z.trim(), z.maxLength(100))),
    role: z.optional(z.enum(ROLES)),
  }),
);

export const handler = apiHandler(runtime, {
  'GET /api/users': async ({ event }) => {
    const { q, ...query } = parseInput(ListUsersQuerySchema, event.queryStringParameters, 'query');
    return { status: 200, body: await listUsers(runtime, { ...query, search: q || undefined }) };
  },
  'POST /api/users': async ({ body, user }) => ({
    status: 201,
    body: await createUser(runtime, { actor: user, fields: parseInput(CreateUserSchema, body) }),
  }),
  'GET /api/users/{id}': async ({ event, user }) => {
    const { id } = parseInput(UserPathSchema, event.pathParameters, 'id');
    return { status: 200, body: await getUserProfile(runtime, { actor: user, userId: id }) };
  },
  'PATCH /api/users/{id}': async ({ event, body, user, session }) => {
    const { id } = parseInput(UserPathSchema, event.pathParameters, 'id');
    const changes = parseInput(UpdateUserSchema, body);
    const client = clientInfoOf(event);
    return {
      status: 200,
      body: await updateUser(runtime, { actor: user, session, client, userId: id, changes }),
    };
  },
});
