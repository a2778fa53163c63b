import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { VerifyMfaSchema } from '../../shared/auth/mfa/mfa-schemas';
import { verifyMfa } from '../../shared/auth/mfa/verify-mfa';
import { passPasskeyStep } from '../../shared/auth/passkeys/pass-passkey-step';
import { startPasskeyAuthentication } from '../../shared/auth/passkeys/start-passkey-authentication';
import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'POST /api/mfa/verify': async ({ body, user, session }) => {
    const input = parseInput(VerifyMfaSchema, body);
    return {
      status: 200,
      body:
        'passkey' in input
          ? await passPasskeyStep(runtime, {
              actor: user,
              session,
              passkey: input.passkey as AuthenticationResponseJSON,
            })
          : await verifyMfa(runtime, { actor: user, session, ...input }),
    };
  },
  'POST /api/mfa/passkey-options': async ({ user, session }) => ({
    status: 200,
    body: await startPasskeyAuthentication(runtime, { actor: user, session }),
  }),
});
