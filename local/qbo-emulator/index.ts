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
