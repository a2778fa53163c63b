import type { CallCounter } from './call-counts';
import type { Clock } from './clock';
import type { SandboxCompany } from './companies';
import type { FaultInjector } from './fault-injection';
import type { RealmLimiter } from './limits';
import type { GrantStore } from './oauth/grants';
import type { SigningKey } from './oauth/signing-key';
import type { EmulatorSettings } from './settings';
import type { Store } from './store';
import type { WebhookDispatcher } from './webhooks/webhook-dispatcher';

export interface AppRegistration {
  appName: string;
  clientId: string;
  clientSecret: string;
  redirectUris: readonly string[];
}

/** Everything a handler may touch; built once per emulator in start-qbo-emulator.ts. */
export interface EmulatorContext {
  app: AppRegistration;
  companies: readonly SandboxCompany[];
  origin: () => string;
  idTokenIssuer: string;
  clock: Clock;
  store: Store;
  grants: GrantStore;
  limiter: RealmLimiter;
  faults: FaultInjector;
  calls: CallCounter;
  signingKey: SigningKey;
  settings: EmulatorSettings;
  webhooks: WebhookDispatcher;
}
