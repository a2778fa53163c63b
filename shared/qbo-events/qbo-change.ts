import { createHash } from 'node:crypto';

/** The entities whose changes Deskbooks follows. */
export const FOLLOWED_ENTITIES = ['Invoice', 'Payment', 'Customer'] as const;
export type FollowedEntity = (typeof FOLLOWED_ENTITIES)[number];

/**
 * One change QuickBooks told Deskbooks of (a webhook event or a CDC row): which entity of which
 * company, what happened, when. Only ids: what changed is re-read from QuickBooks.
 */
export type QboChange = {
  realmId: string;
  entity: string;
  entityId: string;
  /** Create, Update, Delete, Merge, Void, Emailed. */
  operation: string;
  /** ISO time, UTC. */
  occurredAt: string;
  /** Stable across deliveries of the same event, so recording it twice is a no-op. */
  eventId: string;
  source: 'webhook' | 'cdc';
  /** On a Merge: the entity merged away into `entityId` (Intuit's `deletedId`). */
  mergedFromId?: string;
};

/** A legacy notification carries no id: the same entity, operation and time is the same event. */
export const derivedEventId = (change: Omit<QboChange, 'eventId' | 'source'>) =>
  createHash('sha256')
    .update([change.realmId, change.entity, change.entityId, change.operation, change.occurredAt].join('\n'))
    .digest('base64url')
    .slice(0, 22);

export const isFollowed = (entity: string): entity is FollowedEntity =>
  (FOLLOWED_ENTITIES as readonly string[]).includes(entity);
