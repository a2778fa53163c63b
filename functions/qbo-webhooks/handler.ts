import { apiHandler, publicRoute } from '../../shared/http/api-handler';
import { rawBodyOf } from '../../shared/http/middlewares/json-body';
import { receiveWebhook } from '../../shared/qbo-events/receive-webhook';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'POST /api/qbo/webhooks': publicRoute(async ({ event }) => ({
    status: 200,
    body: await receiveWebhook(runtime, {
      rawBody: rawBodyOf(event),
      signature: event.headers['intuit-signature'],
    }),
  })),
});
