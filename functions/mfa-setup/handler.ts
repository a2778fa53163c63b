import { disableMfa } from '../../shared/auth/mfa/disable-mfa';
import { PasswordAndCodeSchema } from '../../shared/auth/mfa/mfa-schemas';
import { regenerateRecoveryCodes } from '../../shared/auth/mfa/regenerate-recovery-codes';
import { resetUserMfa } from '../../shared/auth/mfa/reset-user-mfa';
import { startMfaSetup } from '../../shared/auth/mfa/start-mfa-setup';
import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { UserPathSchema } from '../../shared/http/path-params';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'POST /api/mfa/setup': async ({ user, session }) => ({
    status: 200,
    body: await startMfaSetup(runtime, { actor: user, session }),
  }),
  'DELETE /api/mfa': async ({ body, user, session, settings }) => {
    const confirmation = parseInput(PasswordAndCodeSchema, body);
    return {
      status: 200,
      body: await disableMfa(runtime, { actor: user, session, settings, ...confirmation }),
    };
  },
  'POST /api/mfa/recovery-codes': async ({ body, user, session }) => {
    const confirmation = parseInput(PasswordAndCodeSchema, body);
    return {
      status: 200,
      body: await regenerateRecoveryCodes(runtime, { actor: user, session, ...confirmation }),
    };
  },
  'POST /api/users/{id}/mfa/reset': async ({ event, user, session }) => {
    const { id } = parseInput(UserPathSchema, event.pathParameters, 'id');
    return { status: 200, body: await resetUserMfa(runtime, { actor: user, session, userId: id }) };
  },
});
