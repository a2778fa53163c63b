import { startQboEmulator } from './start-qbo-emulator';
import type { WebhookShape } from './webhooks/webhook-settings';

const listOf = (value: string | undefined) =>
  value
    ?.split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

const port = Number(process.env.QBO_EMULATOR_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`QBO_EMULATOR_PORT must be a port number, got "${process.env.QBO_EMULATOR_PORT}"`);
  process.exit(1);
}

const timeScale = process.env.QBO_EMULATOR_WEBHOOK_TIME_SCALE;
const webhooks = {
  url: process.env.QBO_EMULATOR_WEBHOOK_URL || undefined,
  verifierToken: process.env.QBO_EMULATOR_WEBHOOK_VERIFIER_TOKEN || undefined,
  shape: (process.env.QBO_EMULATOR_WEBHOOK_SHAPE || undefined) as WebhookShape | undefined,
  timeScale: timeScale ? Number(timeScale) : undefined,
};

const emulator = await startQboEmulator({
  port,
  clientId: process.env.QBO_EMULATOR_CLIENT_ID || undefined,
  clientSecret: process.env.QBO_EMULATOR_CLIENT_SECRET || undefined,
  redirectUris: listOf(process.env.QBO_EMULATOR_REDIRECT_URIS),
  webhooks,
}).catch((error: unknown) => {
  // A bad QBO_EMULATOR_WEBHOOK_* value names itself.
  console.error(error instanceof RangeError ? `QBO_EMULATOR_WEBHOOK_*: ${error.message}` : error);
  process.exit(1);
});
const hooks = emulator.webhookSettings();

const { endpoints } = emulator;
console.log(`QuickBooks Online emulator listening on ${emulator.url}

App credentials (QBO_EMULATOR_CLIENT_ID / QBO_EMULATOR_CLIENT_SECRET; local-only values, not secrets):
  client id      ${emulator.clientId}
  client secret  ${emulator.clientSecret}
  redirect URIs  ${emulator.redirectUris.join(', ')}   (QBO_EMULATOR_REDIRECT_URIS)

Sandbox companies:
${emulator.companies.map((company) => `  ${company.realmId}  ${company.companyName}`).join('\n')}

Endpoints:
  authorize      ${endpoints.authorizeEndpoint}
  token          ${endpoints.tokenEndpoint}
  revoke         ${endpoints.revokeEndpoint}
  userinfo       ${endpoints.userInfoEndpoint}
  jwks           ${endpoints.jwksUri}
  discovery      ${endpoints.discoveryUrl}
  API base       ${endpoints.apiBaseUrl}/v3/company/{realmId}/…
  web app        ${endpoints.appBaseUrl}homepage, customerdetail?nameId=…, invoice?txnId=…
  CDC            ${endpoints.apiBaseUrl}/v3/company/{realmId}/cdc?entities=…&changedSince=…
  control API    ${endpoints.controlUrl}/…   (test hooks, see local/qbo-emulator/README.md)

Webhooks (QBO_EMULATOR_WEBHOOK_URL / _VERIFIER_TOKEN / _SHAPE / _TIME_SCALE):
  ${hooks.url ? `${hooks.shape} to ${hooks.url}, retries ${hooks.timeScale}× faster than Intuit's` : 'off (no URL)'}

Press Ctrl-C to stop.`);

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
