import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { addPasskey } from '../../shared/auth/passkeys/add-passkey';
import { listOwnPasskeys } from '../../shared/auth/passkeys/list-passkeys';
import {
  AddPasskeySchema,
  PasskeyPathSchema,
  PasswordAndSecondFactorSchema,
} from '../../shared/auth/passkeys/passkey-schemas';
import { removePasskey } from '../../shared/auth/passkeys/remove-passkey';
import { startPasskeyRegistration } from '../../shared/auth/passkeys/start-passkey-registration';
import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'GET /api/passkeys': async ({ user }) => ({
    status: 200,
    body: await listOwnPasskeys(runtime, { actor: user }),
  }),
  'POST /api/passkeys/registration-options': async ({ user, session }) => ({
    status: 200,
    body: await startPasskeyRegistration(runtime, { actor: user, session }),
  }),
  'POST /api/passkeys': async ({ body, user, session }) => {
    const { name, response } = parseInput(AddPasskeySchema, body);
    return {
      status: 201,
      body: await addPasskey(runtime, {
        actor: user,
        session,
        name,
        response: response as RegistrationResponseJSON,
      }),
    };
  },
  'DELETE /api/passkeys/{id}': async ({ event, body, user, session, settings }) => {
    const { id } = parseInput(PasskeyPathSchema, event.pathParameters, 'id');
    const { password, code, passkey } = parseInput(PasswordAndSecondFactorSchema, body);
    const factor = code !== undefined ? { code } : { passkey: passkey as AuthenticationResponseJSON };
    return {
      status: 200,
      body: await removePasskey(runtime, {
        actor: user,
        session,
        settings,
        passkeyId: id,
        password,
        ...factor,
      }),
    };
  },
});
