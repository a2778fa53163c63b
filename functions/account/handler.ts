import { changePassword } from '../../shared/account/change-password';
import { getSignInLock } from '../../shared/account/get-sign-in-lock';
import { listSecurityActivity } from '../../shared/account/list-security-activity';
import { listSessions } from '../../shared/account/list-sessions';
import { revokeOtherSessions } from '../../shared/account/revoke-other-sessions';
import { revokeSession } from '../../shared/account/revoke-session';
import { unlockSignIn } from '../../shared/account/unlock-sign-in';
import { apiHandler } from '../../shared/http/api-handler';
import { clientInfoOf } from '../../shared/http/client-info';
import { clearedSessionCookie } from '../../shared/http/cookies';
import { parseInput } from '../../shared/http/parse-input';
import { PageQuerySchema, UserPathSchema } from '../../shared/http/path-params';
import { runtime } from '../../shared/runtime';
import { PasswordSchema } from '../../shared/users/user';
import * as z from '../../shared/validation/zod';

const SessionPathSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ id: z.string().check(z.regex(/^[0-9a-f]{32}$/, 'Not a session id')) }),
);
const ChangePasswordSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    currentPassword: z.string().check(z.minLength(1, 'Enter your current password'), z.maxLength(200)),
    newPassword: PasswordSchema,
  }),
);

const secure = runtime.config.SECURE_COOKIES;

export const handler = apiHandler(runtime, {
  'GET /api/sessions': async ({ user, session }) => ({
    status: 200,
    body: await listSessions(runtime, { actor: user, session }),
  }),
  'DELETE /api/sessions': async ({ event, user, session }) => ({
    status: 200,
    body: await revokeOtherSessions(runtime, { actor: user, session, client: clientInfoOf(event) }),
  }),
  'DELETE /api/sessions/{id}': async ({ event, user, session }) => {
    const { id } = parseInput(SessionPathSchema, event.pathParameters, 'id');
    const { current } = await revokeSession(runtime, {
      actor: user,
      session,
      sessionId: id,
      client: clientInfoOf(event),
    });
    return { status: 204, cookies: current ? [clearedSessionCookie({ secure })] : undefined };
  },
  'PUT /api/password': async ({ event, body, user, session }) => {
    const { currentPassword, newPassword } = parseInput(ChangePasswordSchema, body);
    return {
      status: 200,
      body: await changePassword(runtime, {
        actor: user,
        session,
        currentPassword,
        newPassword,
        client: clientInfoOf(event),
      }),
    };
  },
  'GET /api/security/activity': async ({ event }) => ({
    status: 200,
    body: await listSecurityActivity(
      runtime,
      parseInput(PageQuerySchema, event.queryStringParameters, 'query'),
    ),
  }),
  'GET /api/users/{id}/sign-in-lock': async ({ event, pathUser }) => {
    parseInput(UserPathSchema, event.pathParameters, 'id');
    return { status: 200, body: await getSignInLock(runtime, { user: pathUser }) };
  },
  'DELETE /api/users/{id}/sign-in-lock': async ({ event, user, pathUser }) => {
    parseInput(UserPathSchema, event.pathParameters, 'id');
    await unlockSignIn(runtime, { actor: user, user: pathUser, client: clientInfoOf(event) });
    return { status: 204 };
  },
});
