import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { IssueInvoicePathSchema } from '../../shared/http/path-params';
import { issueInvoicePdf, sendIssueInvoice } from '../../shared/invoices/deliver-issue-invoice';
import { qboRuntime } from '../../shared/qbo/qbo-runtime';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'POST /api/issues/{id}/invoices/{invoiceId}/send': async ({
    event,
    user,
    issue,
    settings,
    qboConnection,
    budget,
  }) => {
    const { invoiceId } = parseInput(IssueInvoicePathSchema, event.pathParameters, 'path');
    return {
      status: 200,
      body: await sendIssueInvoice(await qboRuntime(), {
        actor: user,
        issue,
        settings,
        connection: qboConnection,
        invoiceId,
        budget,
      }),
    };
  },
  'GET /api/issues/{id}/invoices/{invoiceId}/pdf': async ({
    event,
    user,
    issue,
    settings,
    qboConnection,
    budget,
  }) => {
    const { invoiceId } = parseInput(IssueInvoicePathSchema, event.pathParameters, 'path');
    const pdf = await issueInvoicePdf(await qboRuntime(), {
      actor: user,
      issue,
      settings,
      connection: qboConnection,
      invoiceId,
      budget,
    });
    return {
      status: 200,
      bytes: pdf.bytes,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${pdf.fileName}"`,
        'cache-control': 'no-store',
      },
    };
  },
});
