import { randomUUID } from 'node:crypto';
import { createIssue } from '../../shared/issues/create-issue';
import type { CreateIssueInput, IssueView } from '../../shared/issues/issue';
import { createUser } from '../../shared/users/create-user';
import type { Role } from '../../shared/users/role';
import type { CreateUserInput, User } from '../../shared/users/user';
import { getUser } from '../../shared/users/user-repository';
import type { TestApp, TestClient } from './app-harness';

export const TEST_PASSWORD = 'correct horse battery';

const systemActor = { id: 'test', role: 'admin' } as User;

export const aUser = async (
  app: TestApp,
  overrides: Partial<CreateUserInput> & { role?: Role } = {},
): Promise<User> => {
  const role = overrides.role ?? 'customer';
  const suffix = randomUUID().slice(0, 8);
  const created = await createUser(app.runtime, {
    actor: systemActor,
    fields: {
      name: `Test ${role} ${suffix}`,
      email: `${role}-${suffix}@example.com`,
      role,
      enabled: role !== 'customer',
      ...(role === 'customer' ? {} : { password: TEST_PASSWORD }),
      ...overrides,
    },
  });
  return (await getUser(app.runtime.table, created.id)) as User;
};

export const anIssue = async (
  app: TestApp,
  fields: Partial<CreateIssueInput> & { requestorId: string },
): Promise<IssueView> =>
  createIssue(app.runtime, {
    actor: systemActor,
    fields: { title: `Issue ${randomUUID().slice(0, 6)}`, description: '', status: 'open', ...fields },
  });

/** Signs in through the API and returns a client carrying the session cookie. */
export const signedInClient = async (
  app: TestApp,
  user: Pick<User, 'email'>,
  password = TEST_PASSWORD,
): Promise<TestClient> => {
  const client = app.client();
  const response = await client.request('POST', '/api/session', { email: user.email, password });
  if (response.status !== 200)
    throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  client.cookie = response.cookies.map((cookie) => cookie.split(';')[0]).join('; ');
  return client;
};
