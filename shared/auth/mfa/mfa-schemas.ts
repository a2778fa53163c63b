import * as z from '../../validation/zod';

// Apps show codes as "123 456"; spaces are not part of the code.
const TotpCodeSchema = /* @__PURE__ */ z.lazy(() =>
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

export const VerifyMfaSchema = /* @__PURE__ */ z.lazy(() =>
  z.union([z.strictObject({ code: TotpCodeSchema }), z.strictObject({ recoveryCode: RecoveryCodeSchema })], {
    error: 'Send the code from your authenticator app, or a recovery code',
  }),
);

/** Turning MFA off or replacing recovery codes asks for both factors again. */
export const PasswordAndCodeSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    password: z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(200)),
    code: TotpCodeSchema,
  }),
);
