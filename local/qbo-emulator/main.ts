import { startQboEmulator } from './start-qbo-emulator';

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

const emulator = await startQboEmulator({
  port,
  clientId: process.env.QBO_EMULATOR_CLIENT_ID || undefined,
  clientSecret: process.env.QBO_EMULATOR_CLIENT_SECRET || undefined,
  redirectUris: listOf(process.env.QBO_EMULATOR_REDIRECT_URIS),
});

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
  control API    ${endpoints.controlUrl}/…   (test hooks, see local/qbo-emulator/README.md)

Press Ctrl-C to stop.`);

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
