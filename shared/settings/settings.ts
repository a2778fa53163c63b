import { removedField } from '../validation/removed-field';
import * as z from '../validation/zod';

export const INVOICE_DETAILS = ['entry', 'summary'] as const;
export type InvoiceDetail = (typeof INVOICE_DETAILS)[number];

export type Settings = {
  qbo: {
    syncUser: boolean;
    syncInvoice: boolean;
  };
  billing: {
    /** "entry": one invoice line per billable entry; "summary": one per catalogue entry and rate. */
    invoiceDetail: InvoiceDetail;
  };
  security: {
    enforceMfa: boolean;
    /** Days a user without MFA may keep working after enforcement starts (0 = at once). */
    mfaGraceDays: number;
    /** When enforcement was turned on; the grace runs from here. */
    enforcedSince?: string;
  };
  version: number;
  updatedAt?: string;
  updatedBy?: string;
};

export const DEFAULT_SETTINGS: Settings = {
  qbo: { syncUser: false, syncInvoice: false },
  billing: { invoiceDetail: 'entry' },
  security: { enforceMfa: false, mfaGraceDays: 0 },
  version: 0,
};

export const UpdateSettingsSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    qbo: z.optional(
      z.partial(
        z.object({
          syncUser: z.boolean(),
          syncInvoice: z.boolean(),
          // The migration made it the catalogue's default labour entry (shared/migrations).
          invoiceItemName: removedField(
            'The Invoice item setting is gone: each catalogue entry in Settings → Billing names its QuickBooks product or service',
          ),
        }),
      ),
    ),
    billing: z.optional(z.partial(z.object({ invoiceDetail: z.enum(INVOICE_DETAILS) }))),
    security: z.optional(
      z.partial(
        z.object({ enforceMfa: z.boolean(), mfaGraceDays: z.number().check(z.int(), z.gte(0), z.lte(90)) }),
      ),
    ),
    /** The version the admin saw; a stale one is refused so two admins cannot overwrite each other. */
    version: z.number().check(z.int(), z.gte(0)),
  }),
);
export type UpdateSettingsInput = z.infer<typeof UpdateSettingsSchema>;

/** The moment a user without MFA must have enrolled, or undefined when MFA is not enforced. */
export const mfaSetupDeadline = (settings: Settings): Date | undefined => {
  const { enforceMfa, mfaGraceDays, enforcedSince } = settings.security;
  if (!enforceMfa) return undefined;
  const since = enforcedSince ? Date.parse(enforcedSince) : 0;
  return new Date(since + mfaGraceDays * 24 * 60 * 60 * 1000);
};
