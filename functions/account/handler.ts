import { changePassword } from '../../shared/account/change-password';
import { ChangePasswordSchema } from '../../shared/account/change-password-input';
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
import { PageQuerySchema, SessionPathSchema, UserPathSchema } from '../../shared/http/path-params';
import { runtime } from '../../shared/runtime';

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
