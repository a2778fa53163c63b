export type { SandboxCompany } from './companies';
export type { ClockState, CustomerMergeRequest, EmulatorControls, PaymentRequest } from './controls';
export type { EmulatorEndpoints } from './endpoints';
export type { FaultRule, FaultSpec } from './fault-injection';
export type { EmulatorSettings } from './settings';
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_REDIRECT_URIS,
  type QboEmulator,
  type QboEmulatorOptions,
  startQboEmulator,
} from './start-qbo-emulator';
export type { Entity, SentEmail } from './store';
export type { WebhookEvent } from './webhooks/notification-body';
export type { WebhookAttempt, WebhookDelivery } from './webhooks/webhook-dispatcher';
export {
  DEFAULT_WEBHOOK_VERIFIER_TOKEN,
  type WebhookSettings,
  type WebhookSettingsPatch,
  type WebhookShape,
} from './webhooks/webhook-settings';
