import { PasswordAndCodeSchema, VerifyMfaSchema } from '../../auth/mfa/mfa-schemas';
import type { MfaSetup } from '../../auth/mfa/start-mfa-setup';
import type { VerifyMfaResult } from '../../auth/mfa/verify-mfa';
import type { MfaStatus } from '../../auth/mfa-gate';
import type { PublicPasskey } from '../../auth/passkeys/passkey-repository';
import {
  AddPasskeySchema,
  PasskeyPathSchema,
  PasswordAndSecondFactorSchema,
} from '../../auth/passkeys/passkey-schemas';
import { SignInSchema } from '../../auth/sign-in-schema';
import { SESSION_COOKIE } from '../../http/cookies';
import { UserPathSchema } from '../../http/path-params';
import type { PublicUser } from '../../users/user';
import * as z from '../../validation/zod';
import type { Operations } from '../operation';
import { describes, PublicUserBody, Timestamp } from '../schemas';

const SessionBody = describes<{ user: PublicUser } & MfaStatus>()(
  z.object({
    user: PublicUserBody,
    mfa: z
      .enum(['none', 'required', 'setup_required'])
      .check(
        z.describe(
          '`required`: the second step (`POST /api/mfa/verify`) is still to pass in this session; `setup_required`: MFA is enforced and must be set up first',
        ),
      ),
    mfaGraceEndsAt: z.optional(
      Timestamp.check(z.describe('While MFA is enforced with a grace period, when it ends')),
    ),
  }),
);

const UserOnlyBody = describes<{ user: PublicUser }>()(z.object({ user: PublicUserBody }));

const RecoveryCodes = z.array(z.string()).check(z.describe('Shown this once: keep them somewhere safe'));

const PasskeyBody = describes<PublicPasskey>()(
  z.object({ id: z.string(), name: z.string(), createdAt: Timestamp, lastUsedAt: z.optional(Timestamp) }),
);

// What @simplewebauthn/server draws for the browser, as its `startRegistration` and
// `startAuthentication` take it (WebAuthn's PublicKeyCredential*OptionsJSON), field by field as sent.
const CredentialDescriptor = z.object({
  id: z.string(),
  type: z.literal('public-key'),
  transports: z.optional(z.array(z.string())),
});
const USER_VERIFICATION = ['discouraged', 'preferred', 'required'] as const;

const RegistrationOptionsBody = z.object({
  challenge: z.string(),
  rp: z.object({ name: z.string(), id: z.optional(z.string()) }),
  user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
  pubKeyCredParams: z.array(z.object({ alg: z.number(), type: z.literal('public-key') })),
  timeout: z.optional(z.number()),
  attestation: z.optional(z.enum(['direct', 'enterprise', 'indirect', 'none'])),
  excludeCredentials: z.optional(z.array(CredentialDescriptor)),
  authenticatorSelection: z.optional(
    z.object({
      authenticatorAttachment: z.optional(z.enum(['cross-platform', 'platform'])),
      requireResidentKey: z.optional(z.boolean()),
      residentKey: z.optional(z.enum(['discouraged', 'preferred', 'required'])),
      userVerification: z.optional(z.enum(USER_VERIFICATION)),
    }),
  ),
  hints: z.optional(z.array(z.enum(['hybrid', 'security-key', 'client-device']))),
  extensions: z.optional(z.record(z.string(), z.unknown())),
});

const AuthenticationOptionsBody = z.object({
  challenge: z.string(),
  rpId: z.optional(z.string()),
  allowCredentials: z.optional(z.array(CredentialDescriptor)),
  timeout: z.optional(z.number()),
  userVerification: z.optional(z.enum(USER_VERIFICATION)),
  extensions: z.optional(z.record(z.string(), z.unknown())),
});

const SESSION_COOKIE_SET = {
  'Set-Cookie': { description: `The \`${SESSION_COOKIE}\` cookie`, required: true },
};

export const SESSION_MFA_OPERATIONS = {
  'POST /api/session': {
    tag: 'Session',
    summary: 'Sign in',
    description:
      'Sets the session cookie. With MFA on, the session answers `mfa: "required"` until `POST /api/mfa/verify` passes the second step. Every failure (unknown email, wrong password, disabled account) answers alike; repeated failures slow the account and the address down, then lock them (429 until `details.retryAt`).',
    body: SignInSchema,
    errors: ['unauthenticated', 'too_many_attempts'],
    responses: {
      200: { description: 'Signed in', body: SessionBody, headers: SESSION_COOKIE_SET },
    },
  },
  'GET /api/session': {
    tag: 'Session',
    summary: 'Who is signed in',
    description: 'The signed-in user and what the session still needs (the MFA step or setup).',
    responses: { 200: { description: 'The session', body: SessionBody } },
  },
  'DELETE /api/session': {
    tag: 'Session',
    summary: 'Sign out',
    description: 'Ends this session and clears its cookie.',
    responses: { 204: { description: 'Signed out', headers: SESSION_COOKIE_SET } },
  },
  'POST /api/mfa/setup': {
    tag: 'MFA',
    summary: 'Start setting up an authenticator app',
    description:
      'A new secret, shown this once as a QR code and as text; it takes effect when `POST /api/mfa/verify` confirms it with a code. Starting again replaces a secret not yet confirmed. A user with a passkey must have passed the second step in this session.',
    errors: ['conflict', 'mfa_required'],
    responses: {
      200: {
        description: 'The secret waiting for its first code',
        body: describes<MfaSetup>()(
          z.object({
            otpauthUrl: z.string().check(z.describe('The otpauth:// URI the QR code carries')),
            secret: z.string().check(z.describe('The secret in base32, for manual entry')),
            qrSvg: z.string().check(z.describe('The QR code, as an SVG document')),
          }),
        ),
      },
    },
  },
  'DELETE /api/mfa': {
    tag: 'MFA',
    summary: 'Turn the authenticator app off',
    description:
      "Asks for the password and a current code. Ends the user's other sessions. Refused (409) while an administrator enforces MFA.",
    body: PasswordAndCodeSchema,
    errors: ['conflict', 'mfa_locked'],
    responses: { 200: { description: 'The user, without the app', body: UserOnlyBody } },
  },
  'POST /api/mfa/recovery-codes': {
    tag: 'MFA',
    summary: 'Replace the recovery codes',
    description:
      "Asks for the password and a current code; the old codes stop working. Ends the user's other sessions.",
    body: PasswordAndCodeSchema,
    errors: ['conflict', 'mfa_locked'],
    responses: {
      200: {
        description: 'The new recovery codes',
        body: describes<{ user: PublicUser; recoveryCodes: string[] }>()(
          z.object({ user: PublicUserBody, recoveryCodes: RecoveryCodes }),
        ),
      },
    },
  },
  'POST /api/users/{id}/mfa/reset': {
    tag: 'MFA',
    summary: "Reset a user's MFA",
    description:
      "For a lost phone or key: the authenticator app, recovery codes, lock and passkeys go, and the user's sessions end (an admin resetting their own keeps this one).",
    path: UserPathSchema,
    responses: { 200: { description: 'The user, without MFA', body: PublicUserBody } },
  },
  'POST /api/mfa/verify': {
    tag: 'MFA',
    summary: 'Pass the second step, or confirm setup',
    description:
      "Send one of: `code` (from the authenticator app), `recoveryCode`, or `passkey` (what @simplewebauthn/browser's `startAuthentication` returns for the options of `POST /api/mfa/passkey-options`). While setup is pending, a code confirms it and the answer carries the recovery codes, shown this once; the user's other sessions end. Five wrong codes in a row lock MFA for 15 minutes.",
    body: VerifyMfaSchema,
    errors: ['conflict', 'mfa_required', 'mfa_locked'],
    responses: {
      200: {
        description: 'The session passed the second step',
        body: describes<VerifyMfaResult>()(
          z.object({
            user: PublicUserBody,
            mfa: z.literal('none'),
            recoveryCodes: z.optional(RecoveryCodes),
          }),
        ),
      },
    },
  },
  'POST /api/mfa/passkey-options': {
    tag: 'MFA',
    summary: "A challenge for one of the user's passkeys",
    description:
      "For @simplewebauthn/browser's `startAuthentication`: at the sign-in step, or to confirm removing a passkey. Good once, for five minutes, in this session.",
    errors: ['conflict'],
    responses: {
      200: { description: 'The authentication options', body: AuthenticationOptionsBody },
    },
  },
  'GET /api/passkeys': {
    tag: 'Passkeys',
    summary: "The user's passkeys",
    description: 'Oldest first.',
    responses: {
      200: {
        description: "The user's own passkeys",
        body: describes<{ passkeys: PublicPasskey[] }>()(z.object({ passkeys: z.array(PasskeyBody) })),
      },
    },
  },
  'POST /api/passkeys/registration-options': {
    tag: 'Passkeys',
    summary: 'A challenge to create a passkey',
    description:
      "For @simplewebauthn/browser's `startRegistration`; the user's passkeys are excluded. Good once, for five minutes, in this session.",
    responses: { 200: { description: 'The registration options', body: RegistrationOptionsBody } },
  },
  'POST /api/passkeys': {
    tag: 'Passkeys',
    summary: 'Add a passkey',
    description:
      "`response` is what `startRegistration` returned for the options of `POST /api/passkeys/registration-options`. A user's first second factor ends their other sessions.",
    body: AddPasskeySchema,
    errors: ['conflict'],
    responses: { 201: { description: 'The new passkey', body: PasskeyBody } },
  },
  'DELETE /api/passkeys/{id}': {
    tag: 'Passkeys',
    summary: 'Remove a passkey',
    description:
      "Asks for the password and a second factor: a current `code` from the authenticator app, or a `passkey`'s answer to `POST /api/mfa/passkey-options`. While an administrator enforces MFA, the last second factor cannot go (409).",
    path: PasskeyPathSchema,
    body: PasswordAndSecondFactorSchema,
    errors: ['conflict', 'mfa_locked'],
    responses: { 200: { description: 'The user, without the passkey', body: UserOnlyBody } },
  },
} satisfies Operations<
  | 'POST /api/session'
  | 'GET /api/session'
  | 'DELETE /api/session'
  | 'POST /api/mfa/setup'
  | 'DELETE /api/mfa'
  | 'POST /api/mfa/recovery-codes'
  | 'POST /api/users/{id}/mfa/reset'
  | 'POST /api/mfa/verify'
  | 'POST /api/mfa/passkey-options'
  | 'GET /api/passkeys'
  | 'POST /api/passkeys/registration-options'
  | 'POST /api/passkeys'
  | 'DELETE /api/passkeys/{id}'
>;
