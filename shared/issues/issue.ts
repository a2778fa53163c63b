import type { InvoiceSnapshot } from '../invoices/invoice-snapshot';
import { type Address, AddressSchema } from '../users/user';
import { EmailSchema } from '../validation/email';
import { removedField } from '../validation/removed-field';
import * as z from '../validation/zod';

export const ISSUE_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export type Issue = {
  id: number;
  title: string;
  description: string;
  status: IssueStatus;
  requestorId: string;
  billingAddress?: Address;
  billingEmail?: string;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** The QBO invoice made from this issue, per realm (a QBO id means nothing outside its company). */
  qboInvoices?: Record<string, IssueInvoiceLink>;
  billing?: IssueBilling;
};

export type IssueInvoiceLink = {
  invoiceId: string;
  syncToken: string;
  syncedAt: string;
  /** Counts invoices made for this issue in this realm; part of the create requestid (see create-invoice). */
  generation: number;
  outcome?: string;
};

/** The issue's latest invoice as last seen in QuickBooks: the issues list's "Billing" column and filter. */
export type IssueBilling = Pick<
  InvoiceSnapshot,
  'status' | 'totalCents' | 'balanceCents' | 'dueDate' | 'syncToken'
> & {
  realmId: string;
  invoiceId: string;
};

export type IssueView = Issue & { requestor?: { id: string; name: string; email: string } };

// Billable work replaced the hand-typed amount (the migration moved each one to a part entry).
const GoneAmountSchema = /* @__PURE__ */ z.lazy(() =>
  removedField('Amount is gone: log the work under Billable work'),
);

// A user id: a uuid (RFC 9562, as randomUUID makes them), so an over-long or odd value never reaches
// DynamoDB as a key. A check on the trimmed text rather than a pipe into z.uuid, so the OpenAPI
// document shows the pattern too.
const USER_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const RequestorIdSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(z.trim(), z.regex(USER_ID_PATTERN, 'Choose a requestor')),
);
const TitleSchema = /* @__PURE__ */ z.lazy(() =>
  z.string().check(z.trim(), z.minLength(1, 'Enter a title'), z.maxLength(200)),
);
const DescriptionSchema = /* @__PURE__ */ z.lazy(() => z.string().check(z.trim(), z.maxLength(10_000)));

export const CreateIssueSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    title: TitleSchema,
    description: z._default(DescriptionSchema, ''),
    status: z._default(z.enum(ISSUE_STATUSES), 'open'),
    requestorId: RequestorIdSchema,
    amount: GoneAmountSchema,
    billingAddress: z.optional(AddressSchema),
    billingEmail: z.optional(EmailSchema),
  }),
);
export type CreateIssueInput = z.infer<typeof CreateIssueSchema>;

export const UpdateIssueSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .partial(
      z.object({
        title: TitleSchema,
        description: DescriptionSchema,
        status: z.enum(ISSUE_STATUSES),
        requestorId: RequestorIdSchema,
        amount: GoneAmountSchema,
        billingAddress: z.nullable(AddressSchema),
        billingEmail: z.nullable(EmailSchema),
      }),
    )
    .check(z.refine((patch) => Object.keys(patch).length > 0, { message: 'Change at least one field' })),
);
export type UpdateIssueInput = z.infer<typeof UpdateIssueSchema>;
