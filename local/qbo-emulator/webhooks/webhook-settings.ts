import { ENTITY_NAMES, type EntityName } from '../store';

/** Intuit's legacy `eventNotifications` body, or the CloudEvents array that replaces it. */
export type WebhookShape = 'cloudevents' | 'legacy';

export interface WebhookSettings {
  /** The app's webhook endpoint. Without one there is no subscription: changes send nothing. */
  url?: string;
  /** The app's Verifier Token: `intuit-signature` is base64(HMAC-SHA256(body, token)). */
  verifierToken: string;
  shape: WebhookShape;
  /** Off: changes are not sent (nor kept), and what is queued waits until delivery is on again. */
  enabled: boolean;
  /** Changes within this window (from the first) go in one POST (Intuit production: 1, 3 or 5 min). */
  batchWindowMs: number;
  /** A POST not answered 200 within this time failed (Intuit: 3 s). Real time, never scaled. */
  timeoutMs: number;
  /** Divides the batch window and the retry delays, so `npm start` can wait minutes, not hours. */
  timeScale: number;
  /** The entities subscribed to. */
  entities: EntityName[];
}

/** Like the settings, plus `url: null` to end the subscription. */
export type WebhookSettingsPatch = Partial<Omit<WebhookSettings, 'url'>> & { url?: string | null };

export const DEFAULT_WEBHOOK_VERIFIER_TOKEN = 'deskbooks-local-webhook-verifier-token';

// The sandbox sends near real time (qbo-reference §9): every change of one request goes in one POST.
export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  verifierToken: DEFAULT_WEBHOOK_VERIFIER_TOKEN,
  shape: 'cloudevents',
  enabled: true,
  batchWindowMs: 0,
  timeoutMs: 3000,
  timeScale: 1,
  entities: [...ENTITY_NAMES],
};

const SHAPES: readonly WebhookShape[] = ['cloudevents', 'legacy'];

const isNumberAtLeast = (value: unknown, min: number, inclusive: boolean): value is number =>
  typeof value === 'number' && Number.isFinite(value) && (inclusive ? value >= min : value > min);

const checkUrl = (value: unknown): string | undefined => {
  if (value === null) return undefined;
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw new RangeError('url must be an http(s) URL, or null to end the subscription');
  return value;
};

const checkEntities = (value: unknown): EntityName[] => {
  if (!Array.isArray(value)) throw new RangeError('entities must be a list of entity names');
  return value.map((name) => {
    const entity = ENTITY_NAMES.find((candidate) => candidate.toLowerCase() === String(name).toLowerCase());
    if (!entity) throw new RangeError(`Unknown entity ${String(name)}; use ${ENTITY_NAMES.join(', ')}`);
    return entity;
  });
};

const CHECKS: { [Key in keyof WebhookSettings]-?: (value: unknown) => WebhookSettings[Key] } = {
  url: checkUrl,
  verifierToken: (value) => {
    if (typeof value !== 'string' || value === '') throw new RangeError('verifierToken must be a string');
    return value;
  },
  shape: (value) => {
    const shape = SHAPES.find((candidate) => candidate === value);
    if (!shape) throw new RangeError(`shape must be one of ${SHAPES.join(', ')}`);
    return shape;
  },
  enabled: (value) => {
    if (typeof value !== 'boolean') throw new RangeError('enabled must be true or false');
    return value;
  },
  batchWindowMs: (value) => {
    if (!isNumberAtLeast(value, 0, true)) throw new RangeError('batchWindowMs must be a non-negative number');
    return value;
  },
  timeoutMs: (value) => {
    if (!isNumberAtLeast(value, 0, false)) throw new RangeError('timeoutMs must be a positive number');
    return value;
  },
  timeScale: (value) => {
    if (!isNumberAtLeast(value, 0, false)) throw new RangeError('timeScale must be a positive number');
    return value;
  },
  entities: checkEntities,
};

/** `current` with the fields `patch` gives, each checked; a bad one throws a RangeError naming it. */
export const mergeWebhookSettings = (
  current: WebhookSettings,
  patch: Record<string, unknown>,
): WebhookSettings => {
  const next: WebhookSettings = { ...current };
  for (const key of Object.keys(CHECKS) as (keyof WebhookSettings)[]) {
    if (patch[key] === undefined) continue;
    Object.assign(next, { [key]: CHECKS[key](patch[key]) });
  }
  return next;
};
