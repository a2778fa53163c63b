import { CallbackQuerySchema, ConnectQuerySchema } from '../../qbo/connect-query';
import type { Operations } from '../operation';

const REDIRECT = { Location: { description: 'Where the browser goes next', required: true } };

export const QBO_CONNECT_OPERATIONS = {
  'GET /api/qbo/connect': {
    tag: 'QuickBooks connection',
    summary: "Start connecting the caller's QuickBooks company",
    description:
      "A browser navigation, not a fetch: redirects to Intuit's consent page with a single-use `state` bound to this session. `returnTo` is a page of this site to come back to.",
    query: ConnectQuerySchema,
    responses: { 302: { description: "To Intuit's consent page", headers: REDIRECT } },
  },
  'GET /api/qbo/callback': {
    tag: 'QuickBooks connection',
    summary: "Intuit's redirect back after consent",
    description:
      'Intuit sends the browser here with `code`, `state` and `realmId` (or `error`). Redirects to the page the connection started from with `qbo=connected`, or with `qboError=` and why: `denied` (cancelled on Intuit’s page), `exchange` (Intuit refused the code) or `company` (its CompanyInfo could not be read). A `state` that is not this session’s, used or expired stores nothing and goes to Settings with `qboError=state`.',
    query: CallbackQuerySchema,
    responses: {
      302: { description: 'Back to the site, connected or with the reason it failed', headers: REDIRECT },
    },
  },
} satisfies Operations<'GET /api/qbo/connect' | 'GET /api/qbo/callback'>;
