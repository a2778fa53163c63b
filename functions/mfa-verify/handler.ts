import { VerifyMfaSchema } from '../../shared/auth/mfa/mfa-schemas';
import { verifyMfa } from '../../shared/auth/mfa/verify-mfa';
import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'POST /api/mfa/verify': async ({ body, user, session }) => ({
    status: 200,
    body: await verifyMfa(runtime, { actor: user, session, ...parseInput(VerifyMfaSchema, body) }),
  }),
});
