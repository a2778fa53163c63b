import { pageQueryShape } from '../http/path-params';
import { BILLING_STATES } from '../invoices/invoice-snapshot';
import * as z from '../validation/zod';
import { ISSUE_STATUSES } from './issue';

export const ListIssuesQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    ...pageQueryShape(),
    status: z.optional(z.enum(ISSUE_STATUSES)),
    billing: z.optional(z.enum(BILLING_STATES)),
  }),
);
