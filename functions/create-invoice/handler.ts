import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { IssuePathSchema } from '../../shared/http/path-params';
import { createIssueInvoice } from '../../shared/invoices/create-issue-invoice';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'POST /api/issues/{id}/invoice': async ({ event, user, settings, issue, qboConnection, budget }) => {
    parseInput(IssuePathSchema, event.pathParameters, 'id');
    return {
      status: 200,
      body: await createIssueInvoice(await qboRuntime(), {
        actor: user,
        issue,
        settings,
        connection: qboConnection,
        budget,
      }),
    };
  },
});
