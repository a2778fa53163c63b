import type { UserQboSyncView } from '../../customers/get-user-qbo-sync';
import type { CustomerSyncResult } from '../../customers/sync-user-to-qbo';
import { UserPathSchema } from '../../http/path-params';
import type { CreateInvoiceResult } from '../../invoices/create-issue-invoice';
import { BILLING_STATES } from '../../invoices/invoice-snapshot';
import type { StoredInvoices } from '../../invoices/list-stored-invoices';
import { ListInvoicesQuerySchema } from '../../invoices/list-stored-invoices-query';
import type { InvoiceView } from '../../invoices/qbo-invoice';
import { JOB_KINDS, type JobView } from '../../jobs/job';
import { JobPathSchema, LatestJobQuerySchema, StartJobSchema } from '../../jobs/job-input';
import type { QboConnectionStatus } from '../../qbo/qbo-connection';
import type { QboSyncStatus } from '../../qbo-events/sync-status';
import type { SyncHealth } from '../../sync-health/get-sync-health';
import type { SyncFailureList } from '../../sync-health/list-sync-failures';
import type { RetryResult } from '../../sync-health/retry-sync-failure';
import { SYNC_SUBJECT_KINDS } from '../../sync-health/sync-failure';
import { SyncFailurePathSchema, SyncFailureQuerySchema } from '../../sync-health/sync-failure-input';
import type { SyncFailureView } from '../../sync-health/sync-failure-view';
import * as z from '../../validation/zod';
import type { Operations } from '../operation';
import { CalendarDate, describes, Timestamp } from '../schemas';

const Money = z.string().check(z.describe('An amount with 2 decimals, as text: "1234.50"'));
// QuickBooks' own times carry the company's offset (`2025-03-04T10:15:00-08:00`), not UTC.
const QboTime = z.string().check(z.describe('An ISO 8601 time as QuickBooks writes it, with its offset'));
const RealmId = z.string().check(z.describe('The QuickBooks company (realm) id'));
const ENVIRONMENTS = ['sandbox', 'production'] as const;
const NeedsReconnect = z.object({ reason: z.string(), at: Timestamp });

const QboConnectionStatusBody = describes<QboConnectionStatus>()(
  z.union([
    z.object({ connected: z.literal(false) }),
    z.object({
      connected: z.literal(true),
      realmId: RealmId,
      companyName: z.string(),
      environment: z.enum(ENVIRONMENTS),
      connectedAt: Timestamp,
      homeUrl: z.optional(z.string()),
      needsReconnect: z.optional(NeedsReconnect),
    }),
  ]),
);

const CUSTOMER_SYNC_OUTCOMES = [
  'created',
  'updated',
  'linked',
  'reactivated',
  'relinked',
  'recreated',
] as const;

const CustomerSyncResultBody = describes<CustomerSyncResult>()(
  z.object({
    customerId: z.string(),
    realmId: RealmId,
    customerUrl: z.string(),
    created: z.boolean(),
    outcome: z.enum(CUSTOMER_SYNC_OUTCOMES),
    displayName: z.string(),
    displayNameAdjusted: z
      .boolean()
      .check(z.describe('The user’s own name was taken in QuickBooks, so a variant of it was used')),
    message: z.string(),
    syncedAt: Timestamp,
  }),
);

const SyncFailureBody = describes<SyncFailureView>()(
  z.object({
    id: z.string().check(z.describe('`<kind>.<subjectId>.<realmId>`: the id Retry and Dismiss take')),
    kind: z.enum(SYNC_SUBJECT_KINDS),
    subjectId: z.string().check(z.describe('The user id (customer) or the issue number (invoice)')),
    realmId: RealmId,
    failedAt: Timestamp,
    actorId: z.string(),
    actorName: z.optional(z.string()),
    code: z.string().check(z.describe('The error code the failed request answered')),
    message: z.string(),
    intuitTid: z.optional(z.string()),
    qboFault: z.optional(z.object({ code: z.string(), element: z.optional(z.string()) })),
    companyName: z.optional(z.string()),
    subject: z.object({ label: z.string(), path: z.string() }),
  }),
);

const UserQboSyncBody = describes<UserQboSyncView>()(
  z.object({
    links: z.array(
      z.object({
        realmId: RealmId,
        customerId: z.string(),
        displayName: z.string(),
        syncedAt: Timestamp,
        customerUrl: z.string(),
      }),
    ),
    history: z.array(
      z.object({
        id: z.string(),
        at: Timestamp,
        actorId: z.string(),
        actorName: z.optional(z.string()),
        realmId: z.optional(RealmId),
        customerId: z.optional(z.string()),
        outcome: z.optional(z.enum(CUSTOMER_SYNC_OUTCOMES)),
        displayName: z.optional(z.string()),
        error: z.optional(z.object({ code: z.string(), message: z.optional(z.string()) })),
      }),
    ),
    failures: z.optional(z.array(SyncFailureBody)),
  }),
);

const InvoiceViewBody = describes<InvoiceView>()(
  z.object({
    id: z.string(),
    docNumber: z.optional(z.string()),
    label: z.string(),
    total: Money,
    balance: Money,
    currency: z.optional(z.string()),
    status: z.enum(['paid', 'unpaid', 'partial', 'voided']),
    overdue: z.boolean(),
    dueDate: z.optional(CalendarDate),
    sentAt: z.optional(QboTime),
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
    url: z.string(),
  }),
);

const CreateInvoiceResultBody = describes<CreateInvoiceResult>()(
  z.object({
    invoice: InvoiceViewBody,
    created: z.boolean(),
    outcome: z.enum(['created', 'updated', 'recreated', 'followsPaid']),
    message: z.string(),
  }),
);

const RetryResultBody = describes<RetryResult>()(
  z.object({
    retried: z.literal(true),
    result: z.union([CustomerSyncResultBody, CreateInvoiceResultBody]),
  }),
);

const StoredInvoicesBody = describes<StoredInvoices>()(
  z.object({
    items: z.array(
      z.object({
        realmId: RealmId,
        invoiceId: z.string(),
        label: z.string(),
        status: z
          .enum(BILLING_STATES)
          .check(z.describe('`not_invoiced` only while Deskbooks has not yet seen the invoice’s amounts')),
        total: Money,
        balance: Money,
        currency: z.optional(z.string()),
        dueDate: z.optional(CalendarDate),
        sentAt: z.optional(QboTime),
        seenAt: z.optional(Timestamp),
        issue: z.object({ id: z.number(), title: z.string() }),
        customer: z.object({ id: z.string(), name: z.string() }),
        createdAt: Timestamp,
        url: z.string(),
      }),
    ),
    totals: z.object({
      outstanding: Money,
      overdue: Money,
      currency: z.optional(z.string().check(z.describe('When every open invoice is in the same one'))),
    }),
    nextCursor: z.optional(z.string()),
  }),
);

const QboSyncStatusBody = describes<QboSyncStatus>()(
  z.object({
    webhookUrl: z.string(),
    lastWebhookAt: z.optional(Timestamp),
    webhookDeliveries: z.number(),
    companies: z.array(
      z.object({
        realmId: RealmId,
        companyName: z.string(),
        backstopRanAt: z.optional(Timestamp),
        backstopChanges: z.optional(z.number()),
      }),
    ),
  }),
);

const SyncHealthBody = describes<SyncHealth>()(
  z.object({
    companies: z.array(
      z.object({
        realmId: RealmId,
        companyName: z.string(),
        customersSynced: z.number(),
        invoicesSynced: z.number(),
        lastSyncedAt: z.optional(Timestamp),
      }),
    ),
    failures: z.number().check(z.describe('How many failed syncs the caller can see')),
  }),
);

const SyncFailureListBody = describes<SyncFailureList>()(
  z.object({ items: z.array(SyncFailureBody), nextCursor: z.optional(z.string()) }),
);

const JobViewBody = describes<JobView>()(
  z.object({
    id: z.string(),
    kind: z.enum(JOB_KINDS),
    realmId: RealmId,
    companyName: z.string(),
    actorId: z.string(),
    state: z.enum(['planning', 'running', 'done', 'cancelled']),
    createdAt: Timestamp,
    startedAt: z.optional(Timestamp),
    finishedAt: z.optional(Timestamp),
    cancelledAt: z.optional(Timestamp),
    total: z.optional(z.number()),
    itemCount: z.optional(z.number()),
    progress: z.object({
      total: z.number(),
      done: z.number(),
      created: z.number(),
      linked: z.number(),
      updated: z.number(),
      skipped: z.number(),
      failed: z.number(),
    }),
    secondsLeft: z.optional(z.number()),
    failures: z.array(
      z.object({ subjectId: z.string(), code: z.string(), message: z.string(), at: Timestamp }),
    ),
  }),
);

const QBO_CALL_ERRORS = ['qbo_not_connected', 'qbo_error', 'qbo_throttled', 'qbo_unavailable'] as const;

export const QUICKBOOKS_OPERATIONS = {
  'GET /api/qbo/connection': {
    tag: 'QuickBooks connection',
    summary: "The caller's QuickBooks connection",
    description:
      'Checked with Intuit by one CompanyInfo read, so a grant Intuit has dropped shows `needsReconnect` now rather than failing a later sync. Never shows a token.',
    errors: ['qbo_error', 'qbo_throttled', 'qbo_unavailable'],
    responses: {
      200: { description: 'Connected (maybe needing a reconnect) or not', body: QboConnectionStatusBody },
    },
  },
  'DELETE /api/qbo/connection': {
    tag: 'QuickBooks connection',
    summary: "Disconnect the caller's QuickBooks company",
    description:
      'Revokes the grant at Intuit, then forgets the connection. Answers 204 also when there was no connection, or Intuit had already dropped it.',
    errors: ['qbo_unavailable'],
    responses: { 204: { description: 'Disconnected' } },
  },
  'GET /api/users/{id}/qbo-sync': {
    tag: 'Customer sync',
    summary: "A user's QuickBooks customers and sync history",
    description:
      "The user's customer in each company, the latest 10 syncs (newest first) and the last failed sync with each company, whoever asked for it. No QuickBooks call.",
    path: UserPathSchema,
    responses: { 200: { description: 'Links, history and failures', body: UserQboSyncBody } },
  },
  'POST /api/users/{id}/qbo-sync': {
    tag: 'Customer sync',
    summary: "Sync a user to the caller's QuickBooks company as a customer",
    description:
      'Matches by email, then by name, before creating; a DisplayName taken in QuickBooks gets a variant. A sync that waited on another one started no earlier answers that one’s result. A failure is kept in Sync health.',
    path: UserPathSchema,
    errors: ['qbo_sync_user_disabled', ...QBO_CALL_ERRORS],
    responses: { 200: { description: 'What the sync did', body: CustomerSyncResultBody } },
  },
  'GET /api/invoices': {
    tag: 'Invoices',
    summary: 'List the invoices Deskbooks made',
    description:
      'Newest first, as Deskbooks last saw each in QuickBooks (no QuickBooks call), with what is owed and overdue across every open invoice.',
    query: ListInvoicesQuerySchema,
    responses: { 200: { description: 'A page of invoices and the totals', body: StoredInvoicesBody } },
  },
  'GET /api/qbo/sync-status': {
    tag: 'Sync health',
    summary: 'Whether webhooks arrive, and when the backstop last ran per company',
    responses: { 200: { description: 'Webhook and backstop status', body: QboSyncStatusBody } },
  },
  'GET /api/qbo/sync-health': {
    tag: 'Sync health',
    summary: 'What Deskbooks has synced with each company',
    description:
      'Per company Deskbooks was connected to: customers and invoices synced and when it last synced; and how many failures the caller can see (admins every one, staff those of their own syncs).',
    responses: { 200: { description: 'Per company, and the failure count', body: SyncHealthBody } },
  },
  'GET /api/qbo/sync-failures': {
    tag: 'Sync health',
    summary: 'List failed syncs',
    description:
      "Newest first: admins see every failure, staff those of their own syncs. With `kind` and `subjectId` (together), one user's or issue's failures with every company, whoever's sync failed (not paged).",
    query: SyncFailureQuerySchema,
    responses: { 200: { description: 'A page of failures', body: SyncFailureListBody } },
  },
  'POST /api/qbo/sync-failures/{id}/retry': {
    tag: 'Sync health',
    summary: 'Retry a failed sync',
    description:
      'The same sync as the user\'s "Sync to QBO" or the issue\'s "Create invoice", on the caller\'s connection, which must be to the failure\'s company (409 otherwise). Staff retry only their own failures. It succeeds and the failure is gone, or fails again and the failure is replaced.',
    path: SyncFailurePathSchema,
    errors: ['conflict', 'qbo_sync_user_disabled', 'qbo_sync_invoice_disabled', ...QBO_CALL_ERRORS],
    responses: { 200: { description: 'The sync’s result', body: RetryResultBody } },
  },
  'DELETE /api/qbo/sync-failures/{id}': {
    tag: 'Sync health',
    summary: 'Dismiss a failed sync',
    description: 'Without syncing. Admins dismiss any failure, staff their own (another’s is not found).',
    path: SyncFailurePathSchema,
    responses: { 204: { description: 'Dismissed' } },
  },
  'POST /api/jobs': {
    tag: 'Bulk sync',
    summary: 'Start a bulk job',
    description:
      "`sync-customers` syncs every customer, `invoice-issues` invoices every resolved issue with work to bill, through the caller's QuickBooks connection. Answers at once; the job runs in the background: poll it. One job of a kind at a time.",
    body: StartJobSchema,
    errors: ['conflict', 'qbo_sync_user_disabled', 'qbo_sync_invoice_disabled', 'qbo_not_connected'],
    responses: { 202: { description: 'The job, planning', body: JobViewBody } },
  },
  'GET /api/jobs': {
    tag: 'Bulk sync',
    summary: 'The latest job of a kind',
    description: 'Running or last finished: what the page shows after a reload. No `job` when none has run.',
    query: LatestJobQuerySchema,
    responses: {
      200: { description: 'The latest job, if any', body: z.object({ job: z.optional(JobViewBody) }) },
    },
  },
  'GET /api/jobs/{id}': {
    tag: 'Bulk sync',
    summary: 'A job and its progress',
    path: JobPathSchema,
    responses: { 200: { description: 'The job', body: JobViewBody } },
  },
  'POST /api/jobs/{id}/cancel': {
    tag: 'Bulk sync',
    summary: 'Cancel a job',
    description:
      'Items not started are skipped; a subject already being synced finishes. Cancelling a cancelled job answers it again; a finished one is a conflict.',
    path: JobPathSchema,
    errors: ['conflict'],
    responses: { 200: { description: 'The job, cancelled', body: JobViewBody } },
  },
} satisfies Operations<
  | 'GET /api/qbo/connection'
  | 'DELETE /api/qbo/connection'
  | 'GET /api/users/{id}/qbo-sync'
  | 'POST /api/users/{id}/qbo-sync'
  | 'GET /api/invoices'
  | 'GET /api/qbo/sync-status'
  | 'GET /api/qbo/sync-health'
  | 'GET /api/qbo/sync-failures'
  | 'POST /api/qbo/sync-failures/{id}/retry'
  | 'DELETE /api/qbo/sync-failures/{id}'
  | 'POST /api/jobs'
  | 'GET /api/jobs'
  | 'GET /api/jobs/{id}'
  | 'POST /api/jobs/{id}/cancel'
>;
