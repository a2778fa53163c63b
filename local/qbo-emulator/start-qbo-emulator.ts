import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCallCounter } from './call-counts';
import { createClock } from './clock';
import { defaultCompanies, type SandboxCompany } from './companies';
import type { EmulatorContext } from './context';
import { createControls, type EmulatorControls } from './controls';
import { type EmulatorEndpoints, endpointsFor } from './endpoints';
import { createFaultInjector } from './fault-injection';
import { createRealmLimiter } from './limits';
import { createGrantStore } from './oauth/grants';
import { createSigningKey } from './oauth/signing-key';
import { createRequestListener } from './server';
import { DEFAULT_SETTINGS, type EmulatorSettings } from './settings';
import { createStore } from './store';
import { createWebhookDispatcher } from './webhooks/webhook-dispatcher';
import {
  DEFAULT_WEBHOOK_SETTINGS,
  mergeWebhookSettings,
  type WebhookSettings,
  type WebhookSettingsPatch,
} from './webhooks/webhook-settings';

export const DEFAULT_CLIENT_ID = 'deskbooks-local-client';
export const DEFAULT_CLIENT_SECRET = 'deskbooks-local-secret';
export const DEFAULT_REDIRECT_URIS = [
  'http://localhost:3000/api/qbo/callback',
  'http://127.0.0.1:3000/api/qbo/callback',
];
// intuit-oauth's validateIdToken() only accepts Intuit's own issuer, so ID tokens carry it.
const INTUIT_ID_TOKEN_ISSUER = 'https://oauth.platform.intuit.com/op/v1';

export interface QboEmulatorOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  redirectUris?: readonly string[];
  /** Shown on the consent page. */
  appName?: string;
  /** Name and realm of the first sandbox company; a second one ("Sandbox Company US 2") is always added. */
  companyName?: string;
  realmId?: string;
  /** Replaces the default companies entirely. */
  companies?: readonly SandboxCompany[];
  settings?: Partial<EmulatorSettings>;
  idTokenIssuer?: string;
  /** Where and how changes are sent as Intuit's webhooks; nothing is sent without a `url`. */
  webhooks?: WebhookSettingsPatch;
}

export interface QboEmulator extends EmulatorControls {
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUris: readonly string[];
  companies: readonly SandboxCompany[];
  endpoints: EmulatorEndpoints;
  close(): Promise<void>;
}

const buildContext = (
  options: QboEmulatorOptions,
  settings: EmulatorSettings,
  webhookSettings: WebhookSettings,
  origin: () => string,
): EmulatorContext => {
  const clock = createClock();
  const companies = options.companies ?? defaultCompanies(options.realmId, options.companyName);
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const grants = createGrantStore();
  const webhooks = createWebhookDispatcher({
    clock,
    initial: webhookSettings,
    isConnected: grants.isConnected,
    appId: clientId,
  });
  return {
    app: {
      appName: options.appName ?? 'Deskbooks',
      clientId,
      clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
      redirectUris: options.redirectUris ?? DEFAULT_REDIRECT_URIS,
    },
    companies,
    origin,
    idTokenIssuer: options.idTokenIssuer ?? INTUIT_ID_TOKEN_ISSUER,
    clock,
    store: createStore(companies, clock.now, webhooks.record),
    grants,
    limiter: createRealmLimiter(),
    faults: createFaultInjector(),
    calls: createCallCounter(),
    signingKey: createSigningKey(),
    settings: { ...settings },
    webhooks,
  };
};

/** Starts the emulator on 127.0.0.1 and resolves once it accepts connections. */
export const startQboEmulator = async (options: QboEmulatorOptions = {}): Promise<QboEmulator> => {
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const initialSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const webhookSettings = mergeWebhookSettings(DEFAULT_WEBHOOK_SETTINGS, options.webhooks ?? {});
  const ctx = buildContext(options, initialSettings, webhookSettings, () => origin);
  const controls = createControls(ctx, initialSettings);
  const server = createServer(createRequestListener(ctx, controls));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host}:${port}`;
  return {
    ...controls,
    url: origin,
    port,
    clientId: ctx.app.clientId,
    clientSecret: ctx.app.clientSecret,
    redirectUris: ctx.app.redirectUris,
    companies: ctx.companies,
    endpoints: endpointsFor(origin),
    close: () =>
      new Promise<void>((resolve, reject) => {
        ctx.webhooks.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
