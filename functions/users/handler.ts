import { apiHandler } from '../../shared/http/api-handler';
import { clientInfoOf } from '../../shared/http/client-info';
import { parseInput } from '../../shared/http/parse-input';
import { UserPathSchema } from '../../shared/http/path-params';
import { runtime } from '../../shared/runtime';
import { createUser } from '../../shared/users/create-user';
import { getUserProfile } from '../../shared/users/get-user-profile';
import { listUsers } from '../../shared/users/list-users';
import { ListUsersQuerySchema } from '../../shared/users/list-users-query';
import { updateUser } from '../../shared/users/update-user';
import { CreateUserSchema, UpdateUserSchema } from '../../shared/users/user';

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
