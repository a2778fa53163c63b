import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { VerifyMfaSchema } from '../../shared/auth/mfa/mfa-schemas';
import { verifyMfa } from '../../shared/auth/mfa/verify-mfa';
import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { runtime } from '../../shared/runtime';

// The passkey step loads on its first use, so a sign-in with a code does not carry it at cold start.
const passkeySteps = () => import('../../shared/auth/passkeys/passkey-sign-in');

export const handler = apiHandler(runtime, {
  'POST /api/mfa/verify': async ({ body, user, session }) => {
    const input = parseInput(VerifyMfaSchema, body);
    if (!('passkey' in input))
      return { status: 200, body: await verifyMfa(runtime, { actor: user, session, ...input }) };
    const { passPasskeyStep, PasskeyAnswerSchema } = await passkeySteps();
    const passkey = parseInput(PasskeyAnswerSchema, body).passkey as AuthenticationResponseJSON;
    return { status: 200, body: await passPasskeyStep(runtime, { actor: user, session, passkey }) };
  },
  'POST /api/mfa/passkey-options': async ({ user, session }) => {
    const { startPasskeyAuthentication } = await passkeySteps();
    return { status: 200, body: await startPasskeyAuthentication(runtime, { actor: user, session }) };
  },
});
