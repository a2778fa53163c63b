import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { listStoredInvoices } from '../../shared/invoices/list-stored-invoices';
import { ListInvoicesQuerySchema } from '../../shared/invoices/list-stored-invoices-query';
import { intuitEndpoints } from '../../shared/qbo/intuit-endpoints';
import { getQboSyncStatus } from '../../shared/qbo-events/sync-status';
import { runtime } from '../../shared/runtime';

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
