import { mergeCustomers } from './api/customer-merge';
import { createPayment } from './api/payments';
import type { EmulatorContext } from './context';
import type { FaultRule, FaultSpec } from './fault-injection';
import { isRecord } from './http';
import { type EmulatorSettings, mergeSettings } from './settings';
import { allEntities, ENTITY_NAMES, type Entity, type EntityName, findEntity, type SentEmail } from './store';
import { toPacificDateTime } from './time-format';
import type { WebhookDelivery } from './webhooks/webhook-dispatcher';
import type { WebhookSettings, WebhookSettingsPatch } from './webhooks/webhook-settings';

export interface PaymentRequest {
  realmId: string;
  invoiceId: string;
  amount: number;
}

/** "Merge" in QuickBooks' customer list: `fromId` is merged into `intoId` and no longer exists. */
export interface CustomerMergeRequest {
  realmId: string;
  fromId: string;
  intoId: string;
}

export interface ClockState {
  now: string;
  epochMs: number;
  offsetSeconds: number;
}

/** Test hooks, shared by the `/__control` HTTP API and the object startQboEmulator returns. */
export interface EmulatorControls {
  reset(): void;
  clock(): ClockState;
  advanceClock(seconds: number): ClockState;
  injectFault(spec: FaultSpec): FaultRule;
  faults(): FaultRule[];
  clearFaults(): void;
  callCounts(): Record<string, number>;
  resetCallCounts(): void;
  applyPayment(request: PaymentRequest): Entity;
  revokeAllTokens(realmId?: string): number;
  settings(): EmulatorSettings;
  updateSettings(patch: Partial<EmulatorSettings>): EmulatorSettings;
  entities(realmId: string, entity: string): Entity[];
  /** Invoices mailed with `POST /invoice/{id}/send`, oldest first. */
  sentEmails(realmId: string): SentEmail[];
  mergeCustomers(request: CustomerMergeRequest): Entity;
  webhookSettings(): WebhookSettings;
  /** Sets the URL, token, shape, batch window…; `enabled: false` turns delivery off. */
  configureWebhooks(patch: WebhookSettingsPatch): WebhookSettings;
  /** Sends what is batched or waiting for a retry now; resolves with every delivery. */
  flushWebhooks(): Promise<WebhookDelivery[]>;
  /** Every notification made since the last reset, oldest first, with its attempts. */
  webhookDeliveries(): WebhookDelivery[];
}

export class ControlInputError extends Error {}

const entityNamed = (name: string): EntityName => {
  const entity = ENTITY_NAMES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  if (!entity) throw new ControlInputError(`Unknown entity ${name}; use one of ${ENTITY_NAMES.join(', ')}`);
  return entity;
};

const asControlInput = <T>(change: () => T): T => {
  try {
    return change();
  } catch (error) {
    throw new ControlInputError(error instanceof Error ? error.message : String(error));
  }
};

export const createControls = (ctx: EmulatorContext, initialSettings: EmulatorSettings): EmulatorControls => {
  const clock = (): ClockState => ({
    now: toPacificDateTime(ctx.clock.now(), true),
    epochMs: ctx.clock.now(),
    offsetSeconds: ctx.clock.offsetSeconds(),
  });
  const realmOf = (realmId: string) => {
    const realm = ctx.store.realm(realmId);
    if (!realm) throw new ControlInputError(`Unknown realm ${realmId}`);
    return realm;
  };
  return {
    reset: () => {
      ctx.clock.reset();
      ctx.store.reset();
      ctx.grants.reset();
      ctx.limiter.reset();
      ctx.faults.clear();
      ctx.calls.reset();
      ctx.webhooks.reset();
      Object.assign(ctx.settings, initialSettings);
    },
    clock,
    advanceClock: (seconds) => {
      if (!Number.isFinite(seconds)) throw new ControlInputError('seconds must be a number');
      ctx.clock.advance(seconds);
      ctx.webhooks.pump(); // what the new time makes due (a batch, a retry) goes now
      return clock();
    },
    injectFault: (spec) => ctx.faults.add(spec),
    faults: () => ctx.faults.list(),
    clearFaults: () => ctx.faults.clear(),
    callCounts: () => ctx.calls.snapshot(),
    resetCallCounts: () => ctx.calls.reset(),
    applyPayment: ({ realmId, invoiceId, amount }) => {
      const realm = realmOf(realmId);
      const invoice = findEntity(realm, 'Invoice', String(invoiceId));
      if (!invoice || !isRecord(invoice.CustomerRef))
        throw new ControlInputError(`Unknown invoice ${invoiceId}`);
      return createPayment(
        realm,
        {
          CustomerRef: { value: invoice.CustomerRef.value },
          TotalAmt: amount,
          Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
        },
        ctx.clock.now(),
      );
    },
    revokeAllTokens: (realmId) => ctx.grants.revokeAll(realmId),
    settings: () => ({ ...ctx.settings }),
    updateSettings: (patch) => {
      Object.assign(
        ctx.settings,
        asControlInput(() => mergeSettings(ctx.settings, patch)),
      );
      return { ...ctx.settings };
    },
    entities: (realmId, entity) => allEntities(realmOf(realmId), entityNamed(entity)),
    sentEmails: (realmId) => realmOf(realmId).sentEmails.map((mail) => ({ ...mail })),
    mergeCustomers: ({ realmId, fromId, intoId }) =>
      mergeCustomers(realmOf(realmId), String(fromId), String(intoId), ctx.clock.now()),
    webhookSettings: () => ctx.webhooks.settings(),
    configureWebhooks: (patch) => asControlInput(() => ctx.webhooks.configure(patch)),
    flushWebhooks: () => ctx.webhooks.flush(),
    webhookDeliveries: () => ctx.webhooks.deliveries(),
  };
};
