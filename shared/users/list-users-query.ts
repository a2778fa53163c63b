import { pageQueryShape } from '../http/path-params';
import * as z from '../validation/zod';
import { ROLES } from './role';

export const ListUsersQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    ...pageQueryShape(),
    q: z.optional(z.string().check(z.trim(), z.maxLength(100))),
    role: z.optional(z.enum(ROLES)),
  }),
);
