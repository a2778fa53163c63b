import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { pageQueryShape } from '../../shared/http/path-params';
import { BILLING_STATES } from '../../shared/invoices/invoice-snapshot';
import { listStoredInvoices } from '../../shared/invoices/list-stored-invoices';
import { intuitEndpoints } from '../../shared/qbo/intuit-endpoints';
import { getQboSyncStatus } from '../../shared/qbo-events/sync-status';
import { runtime } from '../../shared/runtime';
import * as z from '../../shared/validation/zod';

const INVOICE_STATES = BILLING_STATES.filter((state) => state !== 'not_invoiced') as [
  'unpaid',
  'partial',
  'paid',
  'overdue',
  'voided',
];

const ListInvoicesQuerySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    ...pageQueryShape(),
    status: z.optional(z.enum(INVOICE_STATES)),
    customerId: z.optional(z.uuid('Choose a customer')),
  }),
);

export const handler = apiHandler(runtime, {
  'GET /api/invoices': async ({ event }) => ({
    status: 200,
    body: await listStoredInvoices(
      { ...runtime, endpoints: intuitEndpoints(runtime.config) },
      parseInput(ListInvoicesQuerySchema, event.queryStringParameters, 'query'),
    ),
  }),
  'GET /api/qbo/sync-status': async () => ({
    status: 200,
    body: await getQboSyncStatus({ table: runtime.table, publicUrl: runtime.config.PUBLIC_URL }),
  }),
});
