import { oneLine } from '../../validation/one-line';
import * as z from '../../validation/zod';
import { PasswordFieldSchema, TotpCodeSchema } from '../mfa/mfa-schemas';

// What @simplewebauthn/browser's startRegistration and startAuthentication hand back, bounded, so a
// malformed answer is a 400 naming the field before the library reads it.
const Base64UrlSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .string()
    .check(
      z.minLength(1, 'Missing'),
      z.maxLength(16_384),
      z.regex(/^[A-Za-z0-9_-]+={0,2}$/, 'Not base64url'),
    ),
);
const credentialFields = () => ({
  id: Base64UrlSchema,
  rawId: Base64UrlSchema,
  type: z.literal('public-key', 'Not a passkey answer'),
  clientExtensionResults: z._default(z.record(z.string(), z.unknown()), {}),
  authenticatorAttachment: z.optional(z.enum(['platform', 'cross-platform'])),
});

export const RegistrationResponseSchema = /* @__PURE__ */ z.lazy(() =>
  z.looseObject({
    ...credentialFields(),
    response: z.looseObject({
      clientDataJSON: Base64UrlSchema,
      attestationObject: Base64UrlSchema,
      transports: z.optional(z.array(z.string().check(z.maxLength(20))).check(z.maxLength(10))),
    }),
  }),
);

export const AuthenticationResponseSchema = /* @__PURE__ */ z.lazy(() =>
  z.looseObject({
    ...credentialFields(),
    response: z.looseObject({
      clientDataJSON: Base64UrlSchema,
      authenticatorData: Base64UrlSchema,
      signature: Base64UrlSchema,
      userHandle: z.optional(z.string().check(z.maxLength(1_024))),
    }),
  }),
);

/** The sign-in step with a passkey: `POST /api/mfa/verify {passkey}`. */
export const PasskeyAnswerSchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ passkey: AuthenticationResponseSchema }),
);

const PasskeyNameSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(z.trim(), oneLine(), z.minLength(1, 'Give the passkey a name'), z.maxLength(60)),
);

export const AddPasskeySchema = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ name: PasskeyNameSchema, response: RegistrationResponseSchema }),
);

export const PasskeyPathSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ id: z.string().check(z.regex(/^[0-9a-f]{32}$/, 'Not a passkey id')) }),
);

/** Removing a passkey: the password, and a code from the app or a passkey's answer. */
export const PasswordAndSecondFactorSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      password: PasswordFieldSchema,
      code: z.optional(TotpCodeSchema),
      passkey: z.optional(AuthenticationResponseSchema),
    })
    .check(
      z.refine((input) => (input.code === undefined) !== (input.passkey === undefined), {
        message: 'Enter a code from your authenticator app, or use a passkey',
        path: ['code'],
      }),
    ),
);
