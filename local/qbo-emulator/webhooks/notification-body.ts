import { randomUUID } from 'node:crypto';
import type { ChangeOperation, EntityName } from '../store';
import type { WebhookShape } from './webhook-settings';

/** One change as a webhook names it: ids only, the receiver re-reads the entity. */
export interface WebhookEvent {
  realmId: string;
  name: EntityName;
  id: string;
  operation: ChangeOperation;
  /** UTC, with milliseconds, as in Intuit's samples ("2025-09-08T20:52:31.657Z"). */
  lastUpdated: string;
  /** A Merge's merged (now gone) Id. */
  deletedId?: string;
}

// CloudEvents types use lower-case past-tense verbs: qbo.invoice.voided.v1 (qbo-reference §9).
const VERBS: Record<ChangeOperation, string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  Merge: 'merged',
  Void: 'voided',
  Emailed: 'emailed',
};

const byRealm = (events: readonly WebhookEvent[]) => {
  const groups = new Map<string, WebhookEvent[]>();
  for (const event of events) groups.set(event.realmId, [...(groups.get(event.realmId) ?? []), event]);
  return [...groups.entries()];
};

// One eventNotifications element per company, as Intuit sends them.
const legacyBody = (events: readonly WebhookEvent[]) => ({
  eventNotifications: byRealm(events).map(([realmId, changes]) => ({
    realmId,
    dataChangeEvent: {
      entities: changes.map(({ name, id, operation, lastUpdated, deletedId }) => ({
        name,
        id,
        operation,
        lastUpdated,
        ...(deletedId ? { deletedId } : {}),
      })),
    },
  })),
});

// Intuit's documented samples: ids "<uuid>-Customer-123", a merge's `data: {"deletedid": "27"}`.
const cloudEventsBody = (events: readonly WebhookEvent[], source: string) =>
  events.map((event) => ({
    specversion: '1.0',
    id: `${randomUUID()}-${event.name}-${event.id}`,
    source,
    type: `qbo.${event.name.toLowerCase()}.${VERBS[event.operation]}.v1`,
    datacontenttype: 'application/json',
    time: event.lastUpdated,
    intuitentityid: event.id,
    intuitaccountid: event.realmId,
    data: event.deletedId ? { deletedid: event.deletedId } : {},
  }));

/** The raw body of one notification; it is signed and resent byte for byte. */
export const notificationBody = (shape: WebhookShape, events: readonly WebhookEvent[], source: string) =>
  JSON.stringify(shape === 'legacy' ? legacyBody(events) : cloudEventsBody(events, source));
