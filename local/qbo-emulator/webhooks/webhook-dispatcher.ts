import { createHash, createHmac } from 'node:crypto';
import type { Clock } from '../clock';
import { isRecord } from '../http';
import type { EntityChange } from '../store';
import { notificationBody, type WebhookEvent } from './notification-body';
import { mergeWebhookSettings, type WebhookSettings, type WebhookShape } from './webhook-settings';

// Intuit's waits after each failed POST: 0 s, 10 s, 20 s, 30 s, 5 min, 20 min, 2 h, 4 h, 6 h, and then
// every 6 h; it documents no point where it gives up (qbo-reference §9).
const RETRY_DELAYS_SECONDS = [0, 10, 20, 30, 300, 1200, 7200, 14_400, 21_600];
const LATER_RETRY_DELAY_SECONDS = 21_600;
// setTimeout's ceiling; a deadline further off is re-armed when the timer fires.
const MAX_TIMER_MS = 2_147_483_647;

export interface WebhookAttempt {
  /** When the POST started, emulator clock; the next one is due `durationMs` + the wait later. */
  at: string;
  url: string;
  signature: string;
  /** The receiver's status; only 200 acknowledges, as Intuit documents. */
  status?: number;
  /** Why no status came back: a timeout, ECONNREFUSED, … */
  error?: string;
  durationMs: number;
  /** After a failure: when it is resent (its end plus Intuit's wait, divided by the time scale). */
  retryAt?: string;
}

/** One notification (one POST body), oldest first; a pending one waits to be sent or resent. */
export interface WebhookDelivery {
  id: number;
  state: 'pending' | 'delivered';
  shape: WebhookShape;
  createdAt: string;
  events: WebhookEvent[];
  /** The exact bytes posted, signed on each attempt with the token of the moment. */
  body: string;
  attempts: WebhookAttempt[];
  nextAttemptAt?: string;
}

export interface WebhookDispatcher {
  /** A change in a company; sent if it is subscribed to and the company is connected to the app. */
  record(change: EntityChange): void;
  settings(): WebhookSettings;
  configure(patch: Record<string, unknown>): WebhookSettings;
  deliveries(): WebhookDelivery[];
  /** Sends what is batched or waiting now, in order, stopping at the first POST that fails. */
  flush(): Promise<WebhookDelivery[]>;
  /** Sends what is due by the emulator clock (call it when the clock moves). */
  pump(): void;
  reset(): void;
  close(): void;
}

interface DispatcherOptions {
  clock: Clock;
  initial: WebhookSettings;
  /** Intuit only notifies for companies connected to the app by OAuth 2.0, after they connected. */
  isConnected(realmId: string): boolean;
  /** Identifies the app in the CloudEvents `source`. */
  appId: string;
}

interface Notification {
  id: number;
  shape: WebhookShape;
  createdAt: number;
  events: WebhookEvent[];
  body: string;
  attempts: WebhookAttempt[];
  delivered: boolean;
  nextAttemptAt: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

const sign = (body: string, token: string) =>
  createHmac('sha256', token).update(body, 'utf8').digest('base64');

const retryDelayMs = (failures: number) =>
  (RETRY_DELAYS_SECONDS[failures - 1] ?? LATER_RETRY_DELAY_SECONDS) * 1000;

const failureOf = (error: unknown, timeoutMs: number): string => {
  if (error instanceof DOMException && error.name === 'TimeoutError')
    return `no answer within ${timeoutMs} ms`;
  const code = error instanceof Error && isRecord(error.cause) ? error.cause.code : undefined;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
};

const post = async (
  url: string,
  body: string,
  signature: string,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<Pick<WebhookAttempt, 'status' | 'error'>> => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'intuit-signature': signature },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]),
    });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { error: failureOf(error, timeoutMs) };
  }
};

const eventOf = (change: EntityChange): WebhookEvent => ({
  realmId: change.realmId,
  name: change.entity,
  id: change.id,
  operation: change.operation,
  lastUpdated: iso(change.at),
  ...(change.deletedId ? { deletedId: change.deletedId } : {}),
});

const viewOf = (notification: Notification): WebhookDelivery => ({
  id: notification.id,
  state: notification.delivered ? 'delivered' : 'pending',
  shape: notification.shape,
  createdAt: iso(notification.createdAt),
  events: notification.events.map((event) => ({ ...event })),
  body: notification.body,
  attempts: notification.attempts.map((attempt) => ({ ...attempt })),
  ...(notification.delivered ? {} : { nextAttemptAt: iso(notification.nextAttemptAt) }),
});

/**
 * Intuit's webhook delivery: changes batched per window into one POST, signed, sent in order; a POST
 * that is not acknowledged is resent on Intuit's schedule and everything after it waits behind it.
 * All waits run on the emulator clock, so advancing the clock makes retries due.
 */
export const createWebhookDispatcher = (options: DispatcherOptions): WebhookDispatcher => {
  const { clock } = options;
  const source = `intuit.${createHash('sha256').update(options.appId).digest('base64')}`;
  let current: WebhookSettings = { ...options.initial };
  let notifications: Notification[] = [];
  let batch: { events: WebhookEvent[]; dueAt: number } | undefined;
  let nextId = 1;
  let inFlight: Promise<void> | undefined;
  let flushing: Promise<WebhookDelivery[]> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stop = new AbortController();
  let closed = false;

  const subscribed = () => !closed && current.enabled && current.url !== undefined;
  const scaled = (ms: number) => Math.round(ms / current.timeScale);
  const head = () => notifications.find((notification) => !notification.delivered);

  const seal = (now: number) => {
    if (!batch) return;
    const { events } = batch;
    batch = undefined;
    notifications.push({
      id: nextId++,
      shape: current.shape,
      createdAt: now,
      events,
      body: notificationBody(current.shape, events, source),
      attempts: [],
      delivered: false,
      nextAttemptAt: now,
    });
  };

  const attempt = async (notification: Notification) => {
    const { url = '', verifierToken, timeoutMs } = current;
    const { signal } = stop;
    const signature = sign(notification.body, verifierToken);
    const startedAt = clock.now();
    const started = performance.now();
    const outcome = await post(url, notification.body, signature, timeoutMs, signal);
    if (signal.aborted) return; // reset or closed meanwhile: this attempt belongs to nothing now
    const durationMs = Math.round(performance.now() - started);
    const record: WebhookAttempt = { at: iso(startedAt), url, signature, ...outcome, durationMs };
    notification.attempts.push(record);
    if (outcome.status === 200) {
      notification.delivered = true;
      return;
    }
    notification.nextAttemptAt = startedAt + durationMs + scaled(retryDelayMs(notification.attempts.length));
    record.retryAt = iso(notification.nextAttemptAt);
  };

  const run = (notification: Notification) => {
    const running: Promise<void> = attempt(notification).finally(() => {
      if (inFlight === running) inFlight = undefined;
    });
    inFlight = running;
    return running;
  };

  const arm = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!subscribed() || inFlight || flushing) return;
    const due = Math.min(
      batch?.dueAt ?? Number.POSITIVE_INFINITY,
      head()?.nextAttemptAt ?? Number.POSITIVE_INFINITY,
    );
    if (due === Number.POSITIVE_INFINITY) return;
    timer = setTimeout(pump, Math.min(Math.max(0, due - clock.now()), MAX_TIMER_MS));
    timer.unref();
  };

  const pump = () => {
    if (!subscribed() || inFlight || flushing) return;
    const now = clock.now();
    if (batch && batch.dueAt <= now) seal(now);
    const next = head();
    if (next && next.nextAttemptAt <= now) void run(next).then(pump);
    else arm();
  };

  const flushNow = async (): Promise<WebhookDelivery[]> => {
    clearTimeout(timer);
    const tried = new Set<Notification>();
    while (subscribed()) {
      if (inFlight) {
        await inFlight;
        continue;
      }
      seal(clock.now());
      const next = head();
      if (!next || tried.has(next)) break;
      tried.add(next);
      await run(next);
    }
    return notifications.map(viewOf);
  };

  const flush = async () => {
    while (flushing) await flushing;
    flushing = flushNow().finally(() => {
      flushing = undefined;
      pump();
    });
    return flushing;
  };

  const forget = () => {
    clearTimeout(timer);
    timer = undefined;
    stop.abort();
    stop = new AbortController();
    notifications = [];
    batch = undefined;
    inFlight = undefined;
  };

  return {
    record: (change) => {
      if (!subscribed() || !current.entities.includes(change.entity)) return;
      if (!options.isConnected(change.realmId)) return;
      batch ??= { events: [], dueAt: change.at + scaled(current.batchWindowMs) };
      batch.events.push(eventOf(change));
      arm();
    },
    settings: () => ({ ...current, entities: [...current.entities] }),
    configure: (patch) => {
      current = mergeWebhookSettings(current, patch);
      pump();
      return { ...current, entities: [...current.entities] };
    },
    deliveries: () => notifications.map(viewOf),
    flush,
    pump,
    reset: () => {
      forget();
      nextId = 1;
      current = { ...options.initial };
    },
    close: () => {
      closed = true;
      forget();
    },
  };
};
