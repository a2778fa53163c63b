import { PasswordSchema } from '../users/user';
import * as z from '../validation/zod';

export const ChangePasswordSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    currentPassword: z.string().check(z.minLength(1, 'Enter your current password'), z.maxLength(200)),
    newPassword: PasswordSchema,
  }),
);
