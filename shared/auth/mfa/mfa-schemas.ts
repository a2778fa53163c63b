import * as z from 'zod';

// Apps show codes as "123 456"; spaces are not part of the code.
const TotpCodeSchema = z
  .string()
  .transform((code) => code.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'));

const RecoveryCodeSchema = z.string().trim().min(1, 'Enter one of your recovery codes').max(40);

export const VerifyMfaSchema = z.union(
  [z.object({ code: TotpCodeSchema }).strict(), z.object({ recoveryCode: RecoveryCodeSchema }).strict()],
  { error: 'Send the code from your authenticator app, or a recovery code' },
);

/** Turning MFA off or replacing recovery codes asks for both factors again. */
export const PasswordAndCodeSchema = z.object({
  password: z.string().min(1, 'Enter your password').max(200),
  code: TotpCodeSchema,
});
