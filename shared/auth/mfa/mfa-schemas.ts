import * as z from '../../validation/zod';

// Apps show codes as "123 456"; spaces are not part of the code.
export const TotpCodeSchema = /* @__PURE__ */ z.lazy(() =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((code) => code.replace(/\s/g, '')),
    ),
    z.string().check(z.regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app')),
  ),
);

const RecoveryCodeSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(z.trim(), z.minLength(1, 'Enter one of your recovery codes'), z.maxLength(40)),
);

const PasskeyAnswerShapeSchema = /* @__PURE__ */ z.lazy(() =>
  z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    "Send your passkey's answer",
  ),
);

export const VerifyMfaSchema = /* @__PURE__ */ z.lazy(() =>
  z.union(
    [
      z.strictObject({ code: TotpCodeSchema }),
      z.strictObject({ recoveryCode: RecoveryCodeSchema }),
      // The answer's own shape is checked where the passkey step loads (PasskeyAnswerSchema).
      z.strictObject({ passkey: PasskeyAnswerShapeSchema }),
    ],
    { error: 'Send the code from your authenticator app, a recovery code, or a passkey' },
  ),
);

export const PasswordFieldSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(200)),
);

/** Turning MFA off or replacing recovery codes asks for both factors again. */
export const PasswordAndCodeSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ password: PasswordFieldSchema, code: TotpCodeSchema }),
);
