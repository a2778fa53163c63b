import { failureOf } from '../audit/audit-event';
import {
  type AuditInput,
  completeCustomerLease,
  customerLinkUpdate,
  takeCustomerLease,
} from '../customers/customer-lease';
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
import type { TimeBudget } from '../platform/time-budget';
import { toBillAddr } from '../qbo/qbo-address';
import { type QboApiDeps, type QboSession, qboSessionFor, requestIdFor } from '../qbo/qbo-api-client';
import type { QboConnection } from '../qbo/qbo-connection';
import { assertQboToggleOn, FAULT, QboFaultError } from '../qbo/qbo-errors';
import type { Settings } from '../settings/settings';
import type { QboCustomerLink, User } from '../users/user';
import { issueInvoiceItems } from './issue-invoice-repository';
import { toCents, toQboAmount } from './money';
import { companyToday, type InvoiceView, invoiceStatus, type QboInvoice, toInvoiceView } from './qbo-invoice';
import { createInvoice as createQboInvoice, findItemId, readInvoice, updateInvoice } from './qbo-invoice-api';

export type InvoiceOutcome = 'created' | 'updated' | 'recreated';
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
};

export const invoiceSubject = (issueId: number) => `qbo-invoice:${issueId}`;

/** The invoice mirrors the issue: billing from the issue, else from the requestor; one line for the work. */
const invoiceFields = (issue: Issue, requestor: User, customerId: string, itemId: string) => {
  const amount = toQboAmount(toCents(issue.amount ?? '0'));
  const address = issue.billingAddress ?? requestor.address;
  return {
    CustomerRef: { value: customerId },
    BillEmail: { Address: issue.billingEmail ?? requestor.email },
    ...(address ? { BillAddr: toBillAddr(address) } : {}),
    Line: [
      {
        DetailType: 'SalesItemLineDetail',
        Amount: amount,
        Description: `#${issue.id} ${issue.title}`.slice(0, 4000),
        SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: amount },
      },
    ],
  };
};

type Written = { invoice: QboInvoice; outcome: InvoiceOutcome; generation: number };

const createNew = async (
  qbo: QboSession,
  issue: Issue,
  fields: Record<string, unknown>,
  generation: number,
  outcome: InvoiceOutcome,
): Promise<Written> => {
  // The same issue, company and generation always send the same requestid, so a double click, a second
  // staff member or a retried Lambda gets QBO's first answer back instead of a second invoice.
  const requestId = requestIdFor(`invoice:${issue.id}:${qbo.realmId}:${generation}`);
  return { invoice: await createQboInvoice(qbo, fields, requestId), outcome, generation };
};

const updateExisting = async (
  qbo: QboSession,
  issue: Issue,
  link: IssueInvoiceLink,
  fields: Record<string, unknown>,
): Promise<Written> => {
  const replace = () => createNew(qbo, issue, fields, link.generation + 1, 'recreated');
  try {
    return {
      invoice: await updateInvoice(qbo, { Id: link.invoiceId, SyncToken: link.syncToken }, fields),
      outcome: 'updated',
      generation: link.generation,
    };
  } catch (error) {
    if (!(error instanceof QboFaultError)) throw error;
    if (error.hasCode(FAULT.objectNotFound)) return replace();
    if (!error.hasCode(FAULT.staleObject)) throw error;
  }
  // Changed in QBO since our last write (a payment, an edit, a void): look before writing again.
  const current = await readInvoice(qbo, link.invoiceId).catch((error: unknown) => {
    if (error instanceof QboFaultError && error.hasCode(FAULT.objectNotFound)) return undefined;
    throw error;
  });
  if (!current || invoiceStatus(current) === 'voided') return replace();
  return {
    invoice: await updateInvoice(qbo, current, fields),
    outcome: 'updated',
    generation: link.generation,
  };
};

/** The QuickBooks side of the invoice, under the requestor's lease: the customer first when needed. */
const writeInvoice = async (
  qbo: QboSession,
  work: { issue: Issue; settings: Settings; requestor: User; customer: CustomerStep },
): Promise<Written> => {
  const { issue } = work;
  const itemName = work.settings.qbo.invoiceItemName;
  const itemId = await findItemId(qbo, itemName);
  if (!itemId) {
    throw new ConflictError(
      `QuickBooks has no product or service named “${itemName}”; pick another in Settings → QBO`,
    );
  }
  const write = (customerId: string) => {
    const fields = invoiceFields(issue, work.requestor, customerId, itemId);
    const link = issue.qboInvoices?.[qbo.realmId];
    return link ? updateExisting(qbo, issue, link, fields) : createNew(qbo, issue, fields, 0, 'created');
  };
  try {
    return await write(
      work.requestor.qboCustomers?.[qbo.realmId]?.customerId ?? (await work.customer.sync()),
    );
  } catch (error) {
    const customerRefused =
      error instanceof QboFaultError &&
      error.faults.some(
        (fault) => fault.code === FAULT.invalidReference && fault.element?.includes('CustomerRef'),
      );
    if (!customerRefused) throw error;
    // The requestor's customer was made inactive or merged away in QBO: the customer rules mend the link.
    return write(await work.customer.sync());
  }
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
  },
): Promise<CreateInvoiceResult> => {
  assertQboToggleOn(input.settings, 'syncInvoice');
  const { issue, actor } = input;
  if (!issue) throw new NotFoundError('Issue');
  const qbo = qboSessionFor(deps, input.connection, input.budget);
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
          user: customerLinkUpdate(held.user, customer.synced.link),
          audit: [customerSyncAudit.succeeded(actor, held.user, customer.synced.result)],
        }
      : { audit: [] };
  let written: Written;
  try {
    written = await writeInvoice(qbo, { issue, settings: input.settings, requestor: held.user, customer });
  } catch (error) {
    const record = customerRecord();
    await completeCustomerLease(deps, held, {
      user: record.user,
      audit: [
        ...record.audit,
        ...(customer.failed ? [customerSyncAudit.failed(actor, held.user, qbo.realmId, error)] : []),
        invoiceAudit.failed(actor, issue, qbo, error),
      ],
    });
    throw error;
  }
  const result = toResult(qbo, written.invoice, written.outcome, deps.now());
  const link: IssueInvoiceLink = {
    invoiceId: written.invoice.Id,
    syncToken: written.invoice.SyncToken,
    syncedAt: deps.now().toISOString(),
    generation: written.generation,
    outcome: written.outcome,
  };
  const record = customerRecord();
  const complete = (seen: Issue) =>
    completeCustomerLease(deps, held, {
      user: record.user,
      items: issueInvoiceItems(deps.table, { issue: seen, realmId: qbo.realmId, link, createdBy: actor.id }),
      audit: [...record.audit, invoiceAudit.succeeded(actor, issue, qbo, result)],
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
      user: record.user,
      audit: [...record.audit, invoiceAudit.failed(actor, issue, qbo, conflict)],
    });
    throw conflict;
  }
  return result;
};
