import { describeSession } from '../../shared/auth/describe-session';
import { deleteSession } from '../../shared/auth/session-repository';
import { SESSION_ABSOLUTE_MS } from '../../shared/auth/session-types';
import { signIn } from '../../shared/auth/sign-in';
import { SignInSchema } from '../../shared/auth/sign-in-schema';
import { apiHandler, publicRoute } from '../../shared/http/api-handler';
import { clientInfoOf } from '../../shared/http/client-info';
import { clearedSessionCookie, sessionCookie } from '../../shared/http/cookies';
import { parseInput } from '../../shared/http/parse-input';
import { runtime } from '../../shared/runtime';

const secure = runtime.config.SECURE_COOKIES;

export const handler = apiHandler(runtime, {
  'POST /api/session': publicRoute(async ({ event, body }) => {
    const credentials = parseInput(SignInSchema, body);
    const { token, ...signedIn } = await signIn(runtime, { ...credentials, client: clientInfoOf(event) });
    return {
      status: 200,
      body: signedIn,
      cookies: [sessionCookie(token, { secure, maxAgeSeconds: SESSION_ABSOLUTE_MS / 1000 })],
    };
  }),
  'GET /api/session': async (caller) => ({ status: 200, body: describeSession(caller, runtime.now()) }),
  'DELETE /api/session': async ({ session }) => {
    await deleteSession(runtime.table, session.tokenHash);
    return { status: 204, cookies: [clearedSessionCookie({ secure })] };
  },
});
