import * as z from '../validation/zod';

export const ConnectQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({ returnTo: z.optional(z.string().check(z.maxLength(500))) }),
);

// Intuit's redirect: either code + realmId or error, always with our state (qbo-reference §1.2).
export const CallbackQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    code: z.optional(z.string().check(z.maxLength(2000))),
    state: z.optional(z.string().check(z.maxLength(200))),
    realmId: z.optional(z.string().check(z.regex(/^\d{1,30}$/, 'Not a QuickBooks company id'))),
    error: z.optional(z.string().check(z.maxLength(200))),
  }),
);
