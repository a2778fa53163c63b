import * as z from '../validation/zod';

/** What `POST /api/session` reads: an email and a password. */
export const SignInSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    email: z.string().check(z.trim(), z.toLowerCase(), z.minLength(1, 'Enter your email'), z.maxLength(200)),
    password: z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(200)),
  }),
);
