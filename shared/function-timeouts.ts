import type { RouteGroup } from './routes';

// Each function's Lambda timeout, in seconds: the stack deploys it and the local gateway enforces it.
// Below API Gateway's 30 s integration limit, so a slow QBO call ends as our error, not a gateway 503.
// A record over every group, so a new group fails typecheck until someone decides.
export const FUNCTION_TIMEOUT_SECONDS = {
  session: 10,
  account: 10,
  users: 10,
  issues: 10,
  settings: 10,
  'oauth-start': 10,
  'oauth-callback': 10,
  'qbo-connection': 10,
  'sync-user': 10,
  'create-invoice': 10,
  'list-invoices': 10,
  billing: 10,
  'qbo-items': 10,
  'invoice-delivery': 10,
  'mfa-setup': 10,
  'mfa-verify': 10,
  passkeys: 10,
  // Intuit waits 3 s for an answer: the route only checks and records.
  'qbo-webhooks': 5,
  invoices: 10,
  'sync-health': 10,
  jobs: 10,
  openapi: 10,
} as const satisfies Record<RouteGroup, number>;
