import { ValidationError } from '../errors';
import { parseInput } from '../http/parse-input';
import * as z from '../validation/zod';
import { derivedEventId, FOLLOWED_ENTITIES, type QboChange } from './qbo-change';

// The two shapes Intuit posts (qbo-reference §7): the legacy `eventNotifications` object and the
// CloudEvents array. Both become the same changes; anything else is a 400.

const Text = /* @__PURE__ */ z.lazy(() => z.string().check(z.minLength(1), z.maxLength(200)));
const Time = /* @__PURE__ */ z.lazy(() =>
  z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'Expected a date and time')),
);

export const LegacySchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    eventNotifications: z.array(
      z.object({
        realmId: Text,
        dataChangeEvent: z.object({
          entities: z.array(
            z.object({
              name: Text,
              id: Text,
              operation: Text,
              lastUpdated: Time,
              deletedId: z.optional(Text),
            }),
          ),
        }),
      }),
    ),
  }),
);

export const CloudEventsSchema = /* @__PURE__ */ z.lazy(() =>
  z.array(
    z.object({
      specversion: Text,
      id: Text,
      type: z
        .string()
        .check(z.regex(/^qbo\.[a-z]+\.[a-z]+\.v\d+$/, 'Expected a type like qbo.invoice.updated.v1')),
      time: Time,
      intuitentityid: Text,
      intuitaccountid: Text,
      // A merge names the customer merged away (Intuit spells it `deletedid` here).
      data: z.optional(z.object({ deletedid: z.optional(Text) })),
    }),
  ),
);

// CloudEvents name the operation with a past-tense verb in lower case.
const OPERATIONS: Record<string, string> = {
  created: 'Create',
  updated: 'Update',
  deleted: 'Delete',
  merged: 'Merge',
  voided: 'Void',
  emailed: 'Emailed',
};
const ENTITY_NAMES = new Map<string, string>(FOLLOWED_ENTITIES.map((name) => [name.toLowerCase(), name]));

const utc = (time: string) => new Date(time).toISOString();

const fromLegacy = (body: z.output<typeof LegacySchema>): QboChange[] =>
  body.eventNotifications.flatMap(({ realmId, dataChangeEvent }) =>
    dataChangeEvent.entities.map((entity) => {
      const change = {
        realmId,
        entity: entity.name,
        entityId: entity.id,
        operation: entity.operation,
        occurredAt: utc(entity.lastUpdated),
      };
      return {
        ...change,
        eventId: derivedEventId(change),
        source: 'webhook' as const,
        ...(entity.deletedId ? { mergedFromId: entity.deletedId } : {}),
      };
    }),
  );

const fromCloudEvents = (events: z.output<typeof CloudEventsSchema>): QboChange[] =>
  events.map((event) => {
    const [, entity = '', verb = ''] = event.type.split('.');
    return {
      realmId: event.intuitaccountid,
      entity: ENTITY_NAMES.get(entity) ?? entity,
      entityId: event.intuitentityid,
      operation: OPERATIONS[verb] ?? verb,
      occurredAt: utc(event.time),
      eventId: event.id,
      source: 'webhook' as const,
      ...(event.data?.deletedid ? { mergedFromId: event.data.deletedid } : {}),
    };
  });

/** The changes a webhook delivery reports, in either of Intuit's shapes. */
export const parseWebhookBody = (rawBody: Buffer): QboChange[] => {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw ValidationError.forField('body', 'The body is not JSON');
  }
  return Array.isArray(body)
    ? fromCloudEvents(parseInput(CloudEventsSchema, body))
    : fromLegacy(parseInput(LegacySchema, body));
};
