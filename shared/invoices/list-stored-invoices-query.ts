import { pageQueryShape } from '../http/path-params';
import * as z from '../validation/zod';
import { BILLING_STATES } from './invoice-snapshot';

// An invoice Deskbooks made is in every billing state but `not_invoiced`.
const INVOICE_STATES = BILLING_STATES.filter((state) => state !== 'not_invoiced') as [
  'unpaid',
  'partial',
  'paid',
  'overdue',
  'voided',
];

/** GET /api/invoices: a page of the invoices Deskbooks made, by state and customer. */
export const ListInvoicesQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    ...pageQueryShape(),
    status: z.optional(z.enum(INVOICE_STATES)),
    customerId: z.optional(z.uuid('Choose a customer')),
  }),
);
