import { failureOf } from '../audit/audit-event';
import type { BillableEntry } from '../billing/billable-entry';
import { listCatalogItems } from '../billing/catalog-repository';
import { type IssueWork, readIssueWork } from '../billing/entry-repository';
import { type AuditInput, completeCustomerLease, takeCustomerLease } from '../customers/customer-lease';
import {
  type CustomerSyncResult,
  customerLinkOf,
  customerSyncAudit,
  toCustomerSyncResult,
  writeCustomer,
} from '../customers/sync-user-to-qbo';
import { failedConditions } from '../db/transact';
import { ConflictError, NotFoundError } from '../errors';
import type { Issue, IssueInvoiceLink } from '../issues/issue';
import { getIssue } from '../issues/issue-repository';
import type { SyncSubjectKind } from '../keys';
import type { TimeBudget } from '../platform/time-budget';
import { toBillAddr } from '../qbo/qbo-address';
import { type QboApiDeps, type QboSession, qboSessionFor, requestIdFor } from '../qbo/qbo-api-client';
import type { QboConnection } from '../qbo/qbo-connection';
import { assertQboToggleOn, FAULT, QboFaultError } from '../qbo/qbo-errors';
import { takesLineTaxCodes } from '../qbo/qbo-preferences';
import type { InvoiceDetail, Settings } from '../settings/settings';
import { syncFailedIn, syncSucceeded } from '../sync-health/sync-health-items';
import type { QboCustomerLink, User } from '../users/user';
import { invoiceSubject } from './invoice-audit';
import {
  buildInvoiceLines,
  type LineCatalogItem,
  mergeInvoiceLines,
  ownedLineIdsOf,
  type QboLine,
} from './invoice-lines';
import { issueBillingOf, snapshotOf } from './invoice-snapshot';
import { entriesToInvoice, type IssueInvoiceRecord } from './issue-invoice-record';
import { type InvoiceRecordUpdate, issueInvoiceItems } from './issue-invoice-repository';
import {
  companyToday,
  type InvoiceStatus,
  type InvoiceView,
  invoiceStatus,
  type QboInvoice,
  toInvoiceView,
} from './qbo-invoice';
import { createInvoice as createQboInvoice, findItemId, readInvoice, updateInvoice } from './qbo-invoice-api';

export const INVOICE_OUTCOMES = ['created', 'updated', 'recreated', 'followsPaid'] as const;
export type InvoiceOutcome = (typeof INVOICE_OUTCOMES)[number];
export type CreateInvoiceResult = {
  invoice: InvoiceView;
  created: boolean;
  outcome: InvoiceOutcome;
  message: string;
};
export type CreateInvoiceDeps = QboApiDeps;

const MESSAGES: Record<InvoiceOutcome, string> = {
  created: 'Created an invoice in QuickBooks',
  updated: 'Updated the invoice in QuickBooks',
  recreated: 'The previous invoice was deleted or voided in QuickBooks, so a new one was created',
  followsPaid: 'The previous invoice is paid, so the new work is on a new invoice',
};

/** The invoice's header mirrors the issue: billing from the issue, else from the requestor. */
const headerFields = (issue: Issue, requestor: User, customerId: string) => {
  const address = issue.billingAddress ?? requestor.address;
  return {
    CustomerRef: { value: customerId },
    BillEmail: { Address: issue.billingEmail ?? requestor.email },
    ...(address ? { BillAddr: toBillAddr(address) } : {}),
  };
};

/** What billing needs to know, read once under the requestor's lease. */
type BillingContext = {
  issue: Issue;
  requestor: User;
  work: IssueWork;
  catalog: ReadonlyMap<string, LineCatalogItem>;
  detail: InvoiceDetail;
};

/** The lines for the work not yet on a paid invoice (`paid` adds the invoice just found paid). */
const planLines = async (qbo: QboSession, context: BillingContext, paid?: IssueInvoiceRecord) => {
  const records = paid
    ? [...context.work.invoices, { ...paid, status: 'paid' as const }]
    : context.work.invoices;
  const toBill = entriesToInvoice(context.work.entries, records, qbo.realmId);
  const catalog = await withItemsByName(qbo, context.catalog, toBill);
  const { lines } = buildInvoiceLines({
    entries: toBill,
    catalog,
    realmId: qbo.realmId,
    detail: context.detail,
    lineTaxCodes: await takesLineTaxCodes(qbo),
  });
  return { lines, billed: Object.fromEntries(toBill.map((entry) => [entry.id, entry.version])) };
};

/**
 * A catalogue entry made from the old "Invoice item" setting names its QuickBooks item instead of
 * mapping it: in a company where it is not mapped yet, that item is found by name (cached per container).
 */
const withItemsByName = async (
  qbo: QboSession,
  catalog: ReadonlyMap<string, LineCatalogItem>,
  entries: readonly BillableEntry[],
): Promise<ReadonlyMap<string, LineCatalogItem>> => {
  const byName = [...new Set(entries.map((entry) => entry.catalogId))].flatMap((id) => {
    const item = catalog.get(id);
    return item && !item.qboItems[qbo.realmId] && item.qboItemName ? [item] : [];
  });
  if (!byName.length) return catalog;
  const resolved = new Map(catalog);
  for (const item of byName) {
    const itemId = await findItemId(qbo, item.qboItemName ?? '');
    if (itemId) resolved.set(item.id, { ...item, qboItems: { ...item.qboItems, [qbo.realmId]: itemId } });
  }
  return resolved;
};

type Written = {
  invoice: QboInvoice;
  outcome: InvoiceOutcome;
  generation: number;
  /** What the write bills and owns; the snapshot of what QuickBooks answered joins it when recorded. */
  record: Pick<InvoiceRecordUpdate, 'invoiceId' | 'entries' | 'lineIds'>;
  previous?: { invoiceId: string; status: InvoiceStatus };
};

const nothingToBill = () =>
  new ConflictError('There is no billable work to invoice: log time or add a part under Billable work first');

const recordOf = (
  invoice: QboInvoice,
  billed: Record<string, number>,
  lineCount: number,
): Written['record'] => ({
  invoiceId: invoice.Id,
  entries: billed,
  lineIds: ownedLineIdsOf(invoice.Line ?? [], lineCount),
});

const createNew = async (
  qbo: QboSession,
  context: BillingContext,
  header: Record<string, unknown>,
  next: {
    generation: number;
    outcome: InvoiceOutcome;
    previous?: Written['previous'];
    paid?: IssueInvoiceRecord;
  },
): Promise<Written> => {
  const { lines, billed } = await planLines(qbo, context, next.paid);
  if (!lines.length) throw nothingToBill();
  // The same issue, company and generation always send the same requestid, so a double click, a second
  // staff member or a retried Lambda gets QBO's first answer back instead of a second invoice.
  const requestId = requestIdFor(`invoice:${context.issue.id}:${qbo.realmId}:${next.generation}`);
  const invoice = await createQboInvoice(qbo, { ...header, Line: lines }, requestId);
  return {
    invoice,
    outcome: next.outcome,
    generation: next.generation,
    record: recordOf(invoice, billed, lines.length),
    ...(next.previous ? { previous: next.previous } : {}),
  };
};

const readIfThere = (qbo: QboSession, invoiceId: string) =>
  readInvoice(qbo, invoiceId).catch((error: unknown) => {
    if (error instanceof QboFaultError && error.hasCode(FAULT.objectNotFound)) return undefined;
    throw error;
  });

// The invoice is read before it is written: its lines added by hand stay, and a paid invoice is left alone.
const UPDATE_ATTEMPTS = 2;

const updateExisting = async (
  qbo: QboSession,
  context: BillingContext,
  link: IssueInvoiceLink,
  header: Record<string, unknown>,
): Promise<Written> => {
  const record = context.work.invoices.find(
    (candidate) => candidate.realmId === qbo.realmId && candidate.invoiceId === link.invoiceId,
  );
  for (let attempt = 1; ; attempt++) {
    const current = await readIfThere(qbo, link.invoiceId);
    const status = current && invoiceStatus(current);
    const next = {
      generation: link.generation + 1,
      previous: { invoiceId: link.invoiceId, status: status ?? 'voided' },
    };
    if (!current || status === 'voided')
      return createNew(qbo, context, header, { ...next, outcome: 'recreated' });
    if (status === 'paid') {
      const paid = record ?? {
        realmId: qbo.realmId,
        invoiceId: link.invoiceId,
        createdAt: '',
        createdBy: '',
      };
      return createNew(qbo, context, header, { ...next, outcome: 'followsPaid', paid });
    }
    const { lines, billed } = await planLines(qbo, context);
    const currentLines = current.Line ?? [];
    const merged = mergeInvoiceLines({
      current: currentLines,
      ownedLineIds: record?.lineIds ?? firstSalesLineId(currentLines),
      lines,
    });
    if (!merged.length) throw nothingToBill();
    try {
      const invoice = await updateInvoice(qbo, current, { ...header, Line: merged });
      return {
        invoice,
        outcome: 'updated',
        generation: link.generation,
        record: recordOf(invoice, billed, lines.length),
      };
    } catch (error) {
      // Changed in QuickBooks between the read and the write (a payment, an edit): read it again.
      const stale = error instanceof QboFaultError && error.hasCode(FAULT.staleObject);
      if (!stale || attempt >= UPDATE_ATTEMPTS) throw error;
    }
  }
};

/** Before billable work Deskbooks wrote one line per invoice, its first: that one is Deskbooks' to replace. */
const firstSalesLineId = (lines: QboLine[]) => {
  const first = lines.find((line) => line.DetailType === 'SalesItemLineDetail');
  return first?.Id ? [first.Id] : [];
};

/** The QuickBooks side of the invoice, under the requestor's lease: the customer first when needed. */
const writeInvoice = async (
  qbo: QboSession,
  context: BillingContext,
  customer: CustomerStep,
): Promise<Written> => {
  const { issue, requestor } = context;
  const write = (customerId: string) => {
    const header = headerFields(issue, requestor, customerId);
    const link = issue.qboInvoices?.[qbo.realmId];
    return link
      ? updateExisting(qbo, context, link, header)
      : createNew(qbo, context, header, { generation: 0, outcome: 'created' });
  };
  try {
    return await write(requestor.qboCustomers?.[qbo.realmId]?.customerId ?? (await customer.sync()));
  } catch (error) {
    const customerRefused =
      error instanceof QboFaultError &&
      error.faults.some(
        (fault) => fault.code === FAULT.invalidReference && fault.element?.includes('CustomerRef'),
      );
    if (!customerRefused) throw error;
    // The requestor's customer was made inactive or merged away in QBO: the customer rules mend the link.
    return write(await customer.sync());
  }
};

/** The issue's entries and invoice records, and the catalogue: two Queries, side by side. */
const readBillingContext = async (
  deps: CreateInvoiceDeps,
  input: { issue: Issue; requestor: User; settings: Settings },
): Promise<BillingContext> => {
  const [work, catalog] = await Promise.all([
    readIssueWork(deps.table, input.issue.id, { consistent: true }),
    listCatalogItems(deps.table),
  ]);
  return {
    issue: input.issue,
    requestor: input.requestor,
    work,
    catalog: new Map(catalog.map((item) => [item.id, item])),
    detail: input.settings.billing.invoiceDetail,
  };
};

/** Syncing the requestor as part of the invoice: the link it made, to record with the invoice. */
type CustomerStep = {
  sync(): Promise<string>;
  synced?: { link: QboCustomerLink; result: CustomerSyncResult };
  failed?: boolean;
};

const customerStep = (deps: CreateInvoiceDeps, qbo: QboSession, requestor: User): CustomerStep => {
  const step: CustomerStep = {
    async sync() {
      const current = step.synced
        ? { ...requestor, qboCustomers: { ...requestor.qboCustomers, [qbo.realmId]: step.synced.link } }
        : requestor;
      try {
        const link = customerLinkOf(qbo, await writeCustomer(qbo, current), deps.now());
        step.synced = { link, result: toCustomerSyncResult(qbo, current, link) };
        return link.customerId;
      } catch (error) {
        step.failed = true;
        throw error;
      }
    },
  };
  return step;
};

const toResult = (
  qbo: QboSession,
  invoice: QboInvoice,
  outcome: InvoiceOutcome,
  now: Date,
): CreateInvoiceResult => ({
  invoice: toInvoiceView(invoice, qbo.endpoints, companyToday(now)),
  created: outcome !== 'updated',
  outcome,
  message: `${MESSAGES[outcome]}.`,
});

const invoiceAudit = {
  succeeded: (actor: User, issue: Issue, qbo: QboSession, result: CreateInvoiceResult): AuditInput => ({
    subject: invoiceSubject(issue.id),
    actorId: actor.id,
    action: 'qbo.invoice.synced',
    details: { realmId: qbo.realmId, invoiceId: result.invoice.id, outcome: result.outcome },
  }),
  failed: (actor: User, issue: Issue, qbo: QboSession, error: unknown): AuditInput => ({
    subject: invoiceSubject(issue.id),
    actorId: actor.id,
    action: 'qbo.invoice.sync_failed',
    details: { realmId: qbo.realmId, error: failureOf(error) },
  }),
};

/** After waiting out another request on the same customer: its result, if it recorded this issue's invoice since. */
const recordedSince = async (
  deps: CreateInvoiceDeps,
  qbo: QboSession,
  issueId: number,
  requestedAt: string,
): Promise<CreateInvoiceResult | undefined> => {
  const link = (await getIssue(deps.table, issueId, { consistent: true }))?.qboInvoices?.[qbo.realmId];
  if (!link || link.syncedAt < requestedAt) return undefined;
  const outcome = (link.outcome ?? 'updated') as InvoiceOutcome;
  return toResult(qbo, await readInvoice(qbo, link.invoiceId), outcome, deps.now());
};

// The issue's update is the second item of the closing transaction, after the lease release.
const ISSUE_ITEM_INDEX = 1;

/**
 * Creates the issue's invoice in the viewer's QBO company, or updates the one it already has there
 * (DESIGN §5): the requestor's lease → QuickBooks (the customer first when needed, then the invoice)
 * → one transaction recording the links, the invoice item and the audit entries, releasing the lease.
 * Exactly one invoice per issue per company: the create carries a requestid derived from the issue,
 * so a retry or a second click replays QuickBooks' first answer.
 */
export const createIssueInvoice = async (
  deps: CreateInvoiceDeps,
  input: {
    actor: User;
    issue: Issue | undefined;
    settings: Settings;
    connection: QboConnection | undefined;
    budget: TimeBudget;
    /** Bulk invoicing's session (batched, paced). */
    bulk?: { qbo: QboSession };
  },
): Promise<CreateInvoiceResult> => {
  assertQboToggleOn(input.settings, 'syncInvoice');
  const { issue, actor } = input;
  if (!issue) throw new NotFoundError('Issue');
  const qbo = input.bulk?.qbo ?? qboSessionFor(deps, input.connection, input.budget);
  const requestedAt = deps.now().toISOString();
  const held = await takeCustomerLease(deps, {
    userId: issue.requestorId,
    budget: input.budget,
    reuse: () => recordedSince(deps, qbo, issue.id, requestedAt),
  });
  if (!held) throw new NotFoundError('Requestor');
  if ('reused' in held) return held.reused;

  const customer = customerStep(deps, qbo, held.user);
  const customerRecord = () =>
    customer.synced
      ? {
          link: customer.synced.link,
          audit: [customerSyncAudit.succeeded(actor, held.user, customer.synced.result)],
        }
      : { audit: [] };
  let written: Written;
  try {
    const context = await readBillingContext(deps, { issue, requestor: held.user, settings: input.settings });
    written = await writeInvoice(qbo, context, customer);
  } catch (error) {
    const record = customerRecord();
    const failed = (kind: SyncSubjectKind, subjectId: string) =>
      syncFailedIn(qbo, { kind, subjectId, actor, error, now: deps.now() });
    await completeCustomerLease(deps, held, {
      link: record.link,
      audit: [
        ...record.audit,
        ...(customer.failed ? [customerSyncAudit.failed(actor, held.user, qbo.realmId, error)] : []),
        invoiceAudit.failed(actor, issue, qbo, error),
      ],
      health: [
        ...(customer.failed ? failed('customer', held.user.id) : []),
        ...failed('invoice', String(issue.id)),
      ],
    });
    throw error;
  }
  const result = toResult(qbo, written.invoice, written.outcome, deps.now());
  const snapshot = snapshotOf(written.invoice, deps.now());
  const link: IssueInvoiceLink = {
    invoiceId: written.invoice.Id,
    syncToken: written.invoice.SyncToken,
    syncedAt: snapshot.seenAt,
    generation: written.generation,
    outcome: written.outcome,
  };
  const record = customerRecord();
  const complete = (seen: Issue) =>
    completeCustomerLease(deps, held, {
      link: record.link,
      items: issueInvoiceItems(deps.table, {
        issue: seen,
        realmId: qbo.realmId,
        link,
        record: { ...written.record, ...snapshot },
        billing: issueBillingOf(snapshot, { realmId: qbo.realmId, invoiceId: written.invoice.Id }),
        ...(written.previous ? { previous: written.previous } : {}),
        createdBy: actor.id,
      }),
      audit: [...record.audit, invoiceAudit.succeeded(actor, issue, qbo, result)],
      health: syncSucceeded({ kind: 'invoice', subjectId: String(issue.id), realmId: qbo.realmId }),
    });
  try {
    await complete(issue);
  } catch (error) {
    if (!failedConditions(error).includes(ISSUE_ITEM_INDEX)) throw error;
    // Another click recorded this issue's invoice between our read of the issue and our lease: our
    // write was a replay of the same invoice (same requestid) or an update of it, so record it over
    // theirs. Anything else (another invoice, another requestor) is theirs to keep.
    const current = await getIssue(deps.table, issue.id, { consistent: true });
    const theirs = current?.qboInvoices?.[qbo.realmId];
    if (current?.requestorId === issue.requestorId && (!theirs || theirs.invoiceId === link.invoiceId)) {
      await complete(current);
      return result;
    }
    const conflict = new ConflictError(
      "This issue's invoice was changed at the same moment; reload to see it",
    );
    await completeCustomerLease(deps, held, {
      link: record.link,
      audit: [...record.audit, invoiceAudit.failed(actor, issue, qbo, conflict)],
      health: syncFailedIn(qbo, {
        kind: 'invoice',
        subjectId: String(issue.id),
        actor,
        error: conflict,
        now: deps.now(),
      }),
    });
    throw conflict;
  }
  return result;
};
