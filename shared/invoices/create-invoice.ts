import { audited } from '../audit/audited';
import { requestIdFor } from '../customers/qbo-customer-api';
import { syncCustomer } from '../customers/sync-user-to-qbo';
import { runUnderLease } from '../db/lease';
import { ConflictError, NotFoundError } from '../errors';
import type { Issue, IssueInvoiceLink } from '../issues/issue';
import { getIssue } from '../issues/issue-repository';
import { issueKey } from '../keys';
import { openQboSession, type QboApiDeps, type QboSession } from '../qbo/qbo-api-client';
import { assertQboToggleOn, FAULT, QboFaultError } from '../qbo/qbo-errors';
import type { Settings } from '../settings/settings';
import type { Address, User } from '../users/user';
import { getUser } from '../users/user-repository';
import { INVOICE_LEASE, saveIssueInvoice } from './issue-invoice-repository';
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

const LOCK_MS = 20_000;

const MESSAGES: Record<InvoiceOutcome, string> = {
  created: 'Created an invoice in QuickBooks',
  updated: 'Updated the invoice in QuickBooks',
  recreated: 'The previous invoice was deleted or voided in QuickBooks, so a new one was created',
};

export const invoiceSubject = (issueId: number) => `qbo-invoice:${issueId}`;

const toBillAddr = (address: Address) => ({
  Line1: address.line1,
  ...(address.line2 ? { Line2: address.line2 } : {}),
  City: address.city,
  ...(address.region ? { CountrySubDivisionCode: address.region } : {}),
  ...(address.postalCode ? { PostalCode: address.postalCode } : {}),
  ...(address.country ? { Country: address.country } : {}),
});

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

/** The requestor's customer in this company: the stored link, else synced now by the customer rules. */
const requestorCustomerId = async (
  deps: CreateInvoiceDeps,
  qbo: QboSession,
  actor: User,
  requestor: User,
): Promise<string> =>
  requestor.qboCustomers?.[qbo.realmId]?.customerId ??
  (await syncCustomer(deps, { qbo, actor, user: requestor })).customerId;

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

const writeHoldingLock = async (
  deps: CreateInvoiceDeps,
  qbo: QboSession,
  input: { actor: User; issue: Issue; settings: Settings },
): Promise<Written> => {
  const { issue, actor } = input;
  const requestor = await getUser(deps.table, issue.requestorId);
  if (!requestor) throw new NotFoundError('Requestor');
  const itemName = input.settings.qbo.invoiceItemName;
  const itemId = await findItemId(qbo, itemName);
  if (!itemId) {
    throw new ConflictError(
      `QuickBooks has no product or service named “${itemName}”; pick another in Settings → QBO`,
    );
  }
  const write = (customerId: string) => {
    const fields = invoiceFields(issue, requestor, customerId, itemId);
    const link = issue.qboInvoices?.[qbo.realmId];
    return link ? updateExisting(qbo, issue, link, fields) : createNew(qbo, issue, fields, 0, 'created');
  };
  try {
    return await write(await requestorCustomerId(deps, qbo, actor, requestor));
  } catch (error) {
    const customerRefused =
      error instanceof QboFaultError &&
      error.faults.some(
        (fault) => fault.code === FAULT.invalidReference && fault.element?.includes('CustomerRef'),
      );
    if (!customerRefused) throw error;
    // The requestor's customer was made inactive or merged away in QBO: the customer rules mend the link.
    return write((await syncCustomer(deps, { qbo, actor, user: requestor })).customerId);
  }
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

/**
 * Creates the issue's invoice in the viewer's QBO company, or updates the one it already has there
 * (DESIGN §5). Exactly one invoice per issue per company: a lease on the issue lets one request work
 * at a time, and the create carries a requestid derived from the issue, so retries replay.
 */
export const createIssueInvoice = async (
  deps: CreateInvoiceDeps,
  input: { actor: User; issueId: number; settings: Settings },
): Promise<CreateInvoiceResult> => {
  assertQboToggleOn(input.settings, 'syncInvoice');
  if (!(await getIssue(deps.table, input.issueId))) throw new NotFoundError('Issue');
  const qbo = await openQboSession(deps, input.actor.id);
  return runUnderLease({
    ...deps,
    key: issueKey(input.issueId),
    attribute: INVOICE_LEASE,
    leaseMs: LOCK_MS,
    reuse: async (item, requestedAt) => {
      const link = (item as Issue).qboInvoices?.[qbo.realmId];
      if (!link || link.syncedAt < requestedAt) return undefined;
      const outcome = (link.outcome ?? 'updated') as InvoiceOutcome;
      return toResult(qbo, await readInvoice(qbo, link.invoiceId), outcome, deps.now());
    },
    run: () =>
      audited(
        deps,
        {
          subject: invoiceSubject(input.issueId),
          actorId: input.actor.id,
          succeeded: 'qbo.invoice.synced',
          failed: 'qbo.invoice.sync_failed',
          details: { realmId: qbo.realmId },
        },
        async () => {
          const issue = (await getIssue(deps.table, input.issueId)) as Issue;
          const { invoice, outcome, generation } = await writeHoldingLock(deps, qbo, { ...input, issue });
          await saveIssueInvoice(deps.table, {
            issueId: issue.id,
            realmId: qbo.realmId,
            link: {
              invoiceId: invoice.Id,
              syncToken: invoice.SyncToken,
              syncedAt: deps.now().toISOString(),
              generation,
              outcome,
            },
            createdBy: input.actor.id,
          });
          return toResult(qbo, invoice, outcome, deps.now());
        },
        (result) => ({ invoiceId: result.invoice.id, outcome: result.outcome }),
      ),
  });
};
