import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { IssuePathSchema } from '../../shared/http/path-params';
import { listIssueInvoices } from '../../shared/invoices/list-issue-invoices';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'GET /api/issues/{id}/invoices': async ({ event, settings, issue, qboConnection, budget }) => {
    parseInput(IssuePathSchema, event.pathParameters, 'id');
    return {
      status: 200,
      body: await listIssueInvoices(await qboRuntime(), {
        issue,
        settings,
        connection: qboConnection,
        budget,
      }),
    };
  },
});
