import { CloudEventsSchema, LegacySchema } from '../../qbo-events/webhook-notifications';
import { INVOICE_DETAILS, type Settings, UpdateSettingsSchema } from '../../settings/settings';
import * as z from '../../validation/zod';
import type { Operations } from '../operation';
import { describes, Timestamp } from '../schemas';

const SettingsBody = describes<Settings>()(
  z.object({
    qbo: z.object({ syncUser: z.boolean(), syncInvoice: z.boolean() }),
    billing: z.object({ invoiceDetail: z.enum(INVOICE_DETAILS) }),
    security: z.object({
      enforceMfa: z.boolean(),
      mfaGraceDays: z.number(),
      enforcedSince: z.optional(Timestamp),
    }),
    version: z.number().check(z.describe('Send it back with a change: a stale one is refused (409)')),
    updatedAt: z.optional(Timestamp),
    updatedBy: z.optional(z.string()),
  }),
);

export const SETTINGS_OPERATIONS = {
  'GET /api/settings': {
    tag: 'Settings',
    summary: 'Read the settings',
    description: 'Customer and invoice sync toggles, the invoice detail, and MFA enforcement.',
    responses: { 200: { description: 'The settings', body: SettingsBody } },
  },
  'PUT /api/settings': {
    tag: 'Settings',
    summary: 'Change the settings',
    description:
      'Only the fields sent change. `version` must be the one last read: when another admin saved in between, the answer is 409 and nothing changes.',
    body: UpdateSettingsSchema,
    responses: { 200: { description: 'The settings as saved', body: SettingsBody } },
    errors: ['conflict'],
  },
  'POST /api/qbo/webhooks': {
    tag: 'QuickBooks events',
    summary: "Intuit's webhook deliveries",
    description:
      "Intuit posts here when an invoice, payment or customer changes in QuickBooks, in the legacy `eventNotifications` shape or as CloudEvents. The `intuit-signature` header (base64 HMAC-SHA256 of the body with the app's verifier token) is checked before the body is read; each event is recorded once and handled in the background.",
    headers: z.object({
      'intuit-signature': z.string().check(z.describe('Base64 HMAC-SHA256 of the raw body')),
    }),
    body: z.union([LegacySchema, CloudEventsSchema]),
    responses: {
      200: {
        description: 'Recorded',
        body: z.object({
          received: z.number().check(z.describe('Events in the delivery')),
          new: z.number().check(z.describe('Events not recorded before')),
        }),
      },
    },
    errors: ['invalid_signature'],
  },
} satisfies Operations<'GET /api/settings' | 'PUT /api/settings' | 'POST /api/qbo/webhooks'>;
