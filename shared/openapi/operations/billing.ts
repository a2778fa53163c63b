import { type BillableEntryView, ENTRY_KINDS } from '../../billing/billable-entry';
import {
  CreatePartEntrySchema,
  CreateTimeEntrySchema,
  UpdateBillableEntrySchema,
} from '../../billing/billable-entry-input';
import { CATALOG_KINDS, type CatalogItemView } from '../../billing/catalog-item';
import {
  CreateCatalogItemSchema,
  MAX_REALMS,
  QBO_ID,
  QboItemsPatchSchema,
  QboItemsSchema,
  UpdateCatalogItemSchema,
} from '../../billing/catalog-item-input';
import type { IssueEntries } from '../../billing/list-issue-entries';
import {
  CatalogItemPathSchema,
  IssueEntryPathSchema,
  IssueInvoicePathSchema,
  IssuePathSchema,
} from '../../http/path-params';
import { type CreateInvoiceResult, INVOICE_OUTCOMES } from '../../invoices/create-issue-invoice';
import type { sendIssueInvoice } from '../../invoices/deliver-issue-invoice';
import { BILLING_STATES } from '../../invoices/invoice-snapshot';
import type { IssueInvoices } from '../../invoices/list-issue-invoices';
import { INVOICE_STATUSES, type InvoiceView } from '../../invoices/qbo-invoice';
import { CreateItemSchema } from '../../items/qbo-item';
import type { createQboItem, listIncomeAccounts, listQboItems } from '../../items/qbo-items';
import * as z from '../../validation/zod';
import type { Operations } from '../operation';
import { CalendarDate, describes, Timestamp } from '../schemas';

const Money = z.string().check(z.describe('A decimal amount with 2 places, like "95.00"'));

const EntryBody = describes<BillableEntryView>()(
  z.object({
    id: z.string(),
    kind: z.enum(ENTRY_KINDS),
    catalogId: z.string(),
    catalogName: z.string(),
    date: CalendarDate,
    minutes: z.optional(z.number().check(z.describe('Time only'))),
    quantity: z.optional(z.string().check(z.describe('A part only: units with 2 decimals, like "1.50"'))),
    rate: z.optional(Money.check(z.describe('Time only: per hour'))),
    unitPrice: z.optional(Money.check(z.describe('A part only'))),
    amount: Money,
    description: z.string(),
    billable: z.boolean(),
    workedBy: z.optional(z.object({ id: z.string(), name: z.string() })),
    version: z.number(),
    invoiced: z.optional(
      z.object({ realmId: z.string(), invoiceId: z.string(), label: z.string(), at: Timestamp }),
    ),
    outOfDate: z.optional(
      z.boolean().check(z.describe('Changed since it was invoiced: "Update invoice" brings it in')),
    ),
    lockedReason: z.optional(z.string().check(z.describe('On a paid invoice: it can no longer change'))),
  }),
);

const IssueEntriesBody = describes<IssueEntries>()(
  z.object({
    items: z.array(EntryBody),
    totals: z.object({ billable: Money, invoiced: Money, notInvoiced: Money }),
    invoices: z.array(
      z.object({
        realmId: z.string(),
        invoiceId: z.string(),
        label: z.string(),
        status: z.optional(z.enum(INVOICE_STATUSES)),
        outOfDate: z.boolean(),
        newWorkToInvoice: z.boolean(),
      }),
    ),
    storedInvoices: z.array(
      z.object({
        realmId: z.string(),
        invoiceId: z.string(),
        label: z.string(),
        status: z.enum(BILLING_STATES),
        total: Money,
        balance: Money,
        currency: z.optional(z.string()),
        dueDate: z.optional(CalendarDate),
        sentAt: z.optional(Timestamp),
        seenAt: z.optional(Timestamp),
      }),
    ),
  }),
);

// What the handler reads: the kind first, then that kind's fields.
const CreateEntryBody = z.union([
  z.intersection(z.object({ kind: z.literal('time') }), CreateTimeEntrySchema),
  z.intersection(z.object({ kind: z.literal('part') }), CreatePartEntrySchema),
]);

// The realm maps are a custom schema (z.record would add 2 KB to the billing bundle), which has no
// JSON Schema of its own: the document's is registered here, as the schema's refinements check it.
const QboIdJson = { type: 'string', pattern: QBO_ID.source };
const realmMapJson = (itemId: Record<string, unknown>) => ({
  type: 'object',
  description: 'QuickBooks company (realm) id → QuickBooks item id',
  propertyNames: QboIdJson,
  additionalProperties: itemId,
  maxProperties: MAX_REALMS,
});
z.globalRegistry.add(QboItemsSchema, realmMapJson(QboIdJson));
z.globalRegistry.add(QboItemsPatchSchema, realmMapJson({ anyOf: [QboIdJson, { type: 'null' }] }));

const CatalogItemBody = describes<CatalogItemView>()(
  z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(CATALOG_KINDS),
    rate: Money,
    taxable: z.boolean(),
    qboItems: z.record(
      z.string().check(z.describe('The QuickBooks company (realm) id')),
      z.string().check(z.describe('The QuickBooks item id')),
    ),
    qboItemName: z.optional(
      z
        .string()
        .check(z.describe('The QuickBooks item, by name, in a company the entry is not mapped in yet')),
    ),
    version: z.number(),
  }),
);

const InvoiceBody = describes<InvoiceView>()(
  z.object({
    id: z.string(),
    docNumber: z.optional(z.string()),
    label: z.string(),
    total: Money,
    balance: Money,
    currency: z.optional(z.string()),
    status: z.enum(INVOICE_STATUSES),
    overdue: z.boolean(),
    dueDate: z.optional(CalendarDate),
    sentAt: z.optional(Timestamp),
    lines: z.array(
      z.object({
        description: z.string(),
        item: z.optional(z.string()),
        serviceDate: z.optional(CalendarDate),
        quantity: z.optional(z.string()),
        unitPrice: z.optional(Money),
        amount: Money,
      }),
    ),
    url: z.string().check(z.describe("The invoice in QuickBooks' own app")),
  }),
);

const ItemBody = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  description: z.optional(z.string()),
  unitPrice: z.optional(Money),
  incomeAccount: z.optional(z.object({ id: z.string(), name: z.optional(z.string()) })),
});

/** A list from the caller's QuickBooks company, named. */
const companyListOf = <T extends z.core.$ZodType>(item: T) =>
  z.object({ realmId: z.string(), companyName: z.string(), items: z.array(item) });

const QBO_ERRORS = ['qbo_not_connected', 'qbo_error', 'qbo_throttled', 'qbo_unavailable'] as const;
const INVOICE_ERRORS = ['qbo_sync_invoice_disabled', ...QBO_ERRORS] as const;

export const BILLING_OPERATIONS = {
  'GET /api/issues/{id}/entries': {
    tag: 'Billing',
    summary: "An issue's billable work",
    description:
      'Time and parts, oldest first, with their totals and how each stands against the issue’s invoices (as Deskbooks last saw them: no QuickBooks call). A customer may read only the issues they requested (403 otherwise).',
    path: IssuePathSchema,
    errors: ['forbidden'],
    responses: { 200: { description: "The issue's entries and invoices", body: IssueEntriesBody } },
  },
  'POST /api/issues/{id}/entries': {
    tag: 'Billing',
    summary: 'Log time or add a part',
    description:
      '`kind` decides the other fields: time has `minutes` and an hourly `rate`, a part a `quantity` and a `unitPrice`; either defaults to the catalogue entry’s rate. Time is worked by the caller unless `workedBy` names another staff member or admin.',
    path: IssuePathSchema,
    body: CreateEntryBody,
    responses: { 201: { description: 'The new entry', body: EntryBody } },
  },
  'PATCH /api/issues/{id}/entries/{entryId}': {
    tag: 'Billing',
    summary: 'Change a billable entry',
    description:
      'Send the `version` you read and the fields to change, of the entry’s own kind. An entry on a paid invoice can no longer change (409, `details.locked`).',
    path: IssueEntryPathSchema,
    body: UpdateBillableEntrySchema,
    errors: ['conflict'],
    responses: { 200: { description: 'The entry as changed', body: EntryBody } },
  },
  'DELETE /api/issues/{id}/entries/{entryId}': {
    tag: 'Billing',
    summary: 'Remove a billable entry',
    description: 'An entry on a paid invoice cannot be removed (409, `details.locked`).',
    path: IssueEntryPathSchema,
    errors: ['conflict'],
    responses: { 204: { description: 'Removed' } },
  },

  'GET /api/catalog': {
    tag: 'Billing',
    summary: 'The billing catalogue',
    description: 'Labour rates and parts, by name, each with its QuickBooks item per company.',
    responses: {
      200: { description: 'The whole catalogue', body: z.object({ items: z.array(CatalogItemBody) }) },
    },
  },
  'POST /api/catalog': {
    tag: 'Billing',
    summary: 'Add a catalogue entry',
    description:
      '`qboItems` maps a QuickBooks company (realm) id to the item of that company invoices bill the entry as. Names are unique, ignoring case (409).',
    body: CreateCatalogItemSchema,
    errors: ['conflict'],
    responses: { 201: { description: 'The new catalogue entry', body: CatalogItemBody } },
  },
  'PATCH /api/catalog/{id}': {
    tag: 'Billing',
    summary: 'Change a catalogue entry',
    description:
      'Send the `version` you read and the fields to change. `qboItems` sets the companies it names and removes those set to `null`. Entries already logged keep their rates.',
    path: CatalogItemPathSchema,
    body: UpdateCatalogItemSchema,
    errors: ['conflict'],
    responses: { 200: { description: 'The catalogue entry as changed', body: CatalogItemBody } },
  },

  'POST /api/issues/{id}/invoice': {
    tag: 'Invoices',
    summary: "Create or update the issue's invoice",
    description:
      "In the caller's QuickBooks company: the issue's billable work not yet on a paid invoice, billed to its requestor (synced as a customer first when needed). One invoice per issue per company: a repeat updates it, or makes a new one when it was paid, voided or deleted in QuickBooks (`outcome`). 409 when there is nothing to bill.",
    path: IssuePathSchema,
    errors: ['conflict', ...INVOICE_ERRORS],
    responses: {
      200: {
        description: 'The invoice as QuickBooks now has it, and what was done',
        body: describes<CreateInvoiceResult>()(
          z.object({
            invoice: InvoiceBody,
            created: z.boolean(),
            outcome: z.enum(INVOICE_OUTCOMES),
            message: z.string(),
          }),
        ),
      },
    },
  },
  'GET /api/issues/{id}/invoices': {
    tag: 'Invoices',
    summary: "The issue's invoices, live from QuickBooks",
    description:
      "Those Deskbooks made from the issue in the caller's company, as QuickBooks has them now. One deleted in QuickBooks is left out with a note.",
    path: IssuePathSchema,
    errors: INVOICE_ERRORS,
    responses: {
      200: {
        description: "The issue's invoices",
        body: describes<IssueInvoices>()(
          z.object({ items: z.array(InvoiceBody), notes: z.optional(z.array(z.string())) }),
        ),
      },
    },
  },
  'POST /api/issues/{id}/invoices/{invoiceId}/send': {
    tag: 'Invoices',
    summary: 'Email the invoice',
    description:
      "QuickBooks emails the invoice to its billing email; 409 when it has none. The invoice must be one Deskbooks made from this issue in the caller's company.",
    path: IssueInvoicePathSchema,
    errors: ['conflict', ...INVOICE_ERRORS],
    responses: {
      200: {
        description: 'The invoice as sent',
        body: describes<Awaited<ReturnType<typeof sendIssueInvoice>>>()(
          z.object({ invoice: InvoiceBody, message: z.string() }),
        ),
      },
    },
  },
  'GET /api/issues/{id}/invoices/{invoiceId}/pdf': {
    tag: 'Invoices',
    summary: "The invoice's PDF",
    description:
      "QuickBooks' own PDF of the invoice, passed through (never stored). The invoice must be one Deskbooks made from this issue in the caller's company.",
    path: IssueInvoicePathSchema,
    errors: INVOICE_ERRORS,
    responses: {
      200: {
        description: 'The PDF, as an attachment',
        media: 'application/pdf',
        headers: {
          'Content-Disposition': { description: 'attachment; filename="invoice-<id>.pdf"', required: true },
        },
      },
    },
  },

  'GET /api/qbo/items': {
    tag: 'QuickBooks items',
    summary: "The company's products and services",
    description:
      "The caller's company's active Service and NonInventory items, by name: what a catalogue entry maps to.",
    errors: QBO_ERRORS,
    responses: {
      200: {
        description: 'The items',
        body: describes<Awaited<ReturnType<typeof listQboItems>>>()(companyListOf(ItemBody)),
      },
    },
  },
  'POST /api/qbo/items': {
    tag: 'QuickBooks items',
    summary: 'Create a product or service in QuickBooks',
    description:
      "In the caller's company, on one of its income accounts (`GET /api/qbo/income-accounts`). 409 when the company already has an item of that name.",
    body: CreateItemSchema,
    errors: ['conflict', ...QBO_ERRORS],
    responses: {
      201: {
        description: 'The new item',
        body: describes<Awaited<ReturnType<typeof createQboItem>>>()(
          z.object({ realmId: z.string(), item: ItemBody }),
        ),
      },
    },
  },
  'GET /api/qbo/income-accounts': {
    tag: 'QuickBooks items',
    summary: "The company's income accounts",
    description: 'For creating a product or service in QuickBooks.',
    errors: QBO_ERRORS,
    responses: {
      200: {
        description: 'The income accounts, by name',
        body: describes<Awaited<ReturnType<typeof listIncomeAccounts>>>()(
          companyListOf(z.object({ id: z.string(), name: z.string() })),
        ),
      },
    },
  },
} satisfies Operations<
  | 'GET /api/issues/{id}/entries'
  | 'POST /api/issues/{id}/entries'
  | 'PATCH /api/issues/{id}/entries/{entryId}'
  | 'DELETE /api/issues/{id}/entries/{entryId}'
  | 'GET /api/catalog'
  | 'POST /api/catalog'
  | 'PATCH /api/catalog/{id}'
  | 'POST /api/issues/{id}/invoice'
  | 'GET /api/issues/{id}/invoices'
  | 'POST /api/issues/{id}/invoices/{invoiceId}/send'
  | 'GET /api/issues/{id}/invoices/{invoiceId}/pdf'
  | 'GET /api/qbo/items'
  | 'POST /api/qbo/items'
  | 'GET /api/qbo/income-accounts'
>;
