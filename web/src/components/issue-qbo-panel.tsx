import { useEffect, useState } from 'preact/hooks';
import { createIssueInvoice, getIssue, listIssueInvoices, sendIssueInvoice } from '../api/client';
import type { Issue, IssueEntries, QboInvoice, StoredInvoice, SyncFailureRetry } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { useQboAction } from '../hooks/use-qbo-action';
import { useSessionFlag } from '../hooks/use-session-flag';
import { labels } from '../labels';
import { type InvoiceAction, invoiceAction, invoiceStateBehind, storedInvoicesIn } from '../lib/billing';
import { formatDateTime } from '../lib/format';
import { type ActiveQboConnection, formatMoney, qboProblem, withInvoice } from '../lib/qbo';
import { BillingBadge } from './billing-badge';
import { DueDate } from './due-date';
import { Notice } from './error-banner';
import { CheckboxField } from './field';
import { Loading } from './loading';
import { QboFeatureGate } from './qbo-feature-gate';
import { QboError, QboLink } from './qbo-notices';
import { SyncFailureNotice, useSubjectFailures } from './sync-failure-notice';

/** How the issue's entries stand against its invoices, as the page read them with the entries. */
type InvoiceStates = {
  /** Per company the issue has an invoice in; undefined until read. */
  invoiceStates: IssueEntries['invoices'] | undefined;
  /** Every invoice of the issue as Deskbooks last saw it; undefined until read. */
  storedInvoices: StoredInvoice[] | undefined;
  /** Reads the entries again: an invoice was written here, or QuickBooks showed a new status. */
  onWorkChange: () => void;
};

export type IssueQboPanelProps = InvoiceStates & {
  issue: Issue;
  /** Call with the issue as the API has it after an invoice was made, so "Update invoice" shows. */
  onIssueChange?: ((issue: Issue) => void) | undefined;
};

// Remembered for the browser session, not per issue: being signed in to QBO is about the browser.
const LOGGED_IN_KEY = 'deskbooks.qboLoggedIn';

const InvoiceStatusCell = ({ invoice }: { invoice: QboInvoice }) => (
  <span class="inline-actions">
    <span class={`badge badge-invoice-${invoice.status}`}>{labels.qbo.invoiceStatuses[invoice.status]}</span>
    {invoice.overdue && <span class="badge badge-overdue">{labels.qbo.overdue}</span>}
  </span>
);

/** The columns both invoice tables share, the live one then adding its links and actions. */
const InvoiceColumns = () => (
  <>
    <th scope="col">{labels.qbo.invoice}</th>
    <th scope="col">{labels.qbo.total}</th>
    <th scope="col">{labels.qbo.invoiceStatus}</th>
    <th scope="col">{labels.qbo.balanceDue}</th>
    <th scope="col">{labels.qbo.dueDate}</th>
  </>
);

/**
 * The issue's invoices in the viewer's company as Deskbooks last saw them (no QuickBooks call), "as of"
 * the oldest reading: shown until the live list is there.
 */
const StoredInvoiceTable = ({ invoices, asOf }: { invoices: StoredInvoice[]; asOf: string | undefined }) => (
  <>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <InvoiceColumns />
          </tr>
        </thead>
        <tbody>
          {invoices.map((invoice) => (
            <tr key={invoice.invoiceId}>
              <td>{invoice.label}</td>
              <td class="numeric">{formatMoney(invoice.total, invoice.currency)}</td>
              <td>
                <BillingBadge state={invoice.status} />
              </td>
              <td class="numeric">{formatMoney(invoice.balance, invoice.currency)}</td>
              <td>
                <DueDate day={invoice.dueDate} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    {asOf && (
      <p class="field-hint">
        <time dateTime={asOf}>{labels.qbo.asOf(formatDateTime(asOf))}</time>
      </p>
    )}
  </>
);

type InvoiceTableProps = {
  issueId: number;
  invoices: QboInvoice[];
  onSend: (invoice: QboInvoice) => void;
  sending: string | undefined;
};

const InvoiceTable = ({ issueId, invoices, onSend, sending }: InvoiceTableProps) => (
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <InvoiceColumns />
          <th scope="col">
            <span class="visually-hidden">{labels.qbo.link}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <td>{invoice.label}</td>
            <td class="numeric">{formatMoney(invoice.total, invoice.currency)}</td>
            <td>
              <InvoiceStatusCell invoice={invoice} />
            </td>
            <td class="numeric">{formatMoney(invoice.balance, invoice.currency)}</td>
            <td>
              <DueDate day={invoice.dueDate} />
            </td>
            <td class="inline-actions">
              <QboLink href={invoice.url}>{labels.qbo.viewInQbo}</QboLink>
              <a href={`/api/issues/${issueId}/invoices/${encodeURIComponent(invoice.id)}/pdf`} download>
                {labels.qbo.pdf}
              </a>
              <button
                type="button"
                class="button-secondary"
                aria-label={`${labels.qbo.send}: ${invoice.label}`}
                onClick={() => onSend(invoice)}
                disabled={sending !== undefined}
              >
                {sending === invoice.id ? labels.qbo.sending : labels.qbo.send}
              </button>
              {invoice.sentAt && (
                <span class="field-hint">{labels.qbo.sentAt(formatDateTime(invoice.sentAt))}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

type InvoiceButtonProps = {
  action: InvoiceAction;
  pending: boolean;
  onClick: () => void;
};

/** "Create invoice" / "Update invoice" (with "Invoice out of date"), or why there is nothing to write. */
const InvoiceButton = ({ action, pending, onClick }: InvoiceButtonProps) => {
  if (action.kind === 'none') return <p>{action.reason}</p>;
  const update = action.kind === 'update';
  const idle = update ? labels.qbo.updateInvoice : labels.qbo.createInvoice;
  const busy = update ? labels.qbo.updatingInvoice : labels.qbo.creatingInvoice;
  return (
    <p class="inline-actions">
      <button type="button" class="button-primary" onClick={onClick} disabled={pending}>
        {pending ? busy : idle}
      </button>
      {action.outOfDate && <span class="badge">{labels.billableWork.outOfDate}</span>}
    </p>
  );
};

type InvoicesProps = InvoiceStates & {
  issue: Issue;
  connection: ActiveQboConnection;
  returnTo: string;
  onIssueChange?: ((issue: Issue) => void) | undefined;
};

type LiveInvoicesProps = InvoicesProps & {
  /** "Create invoice" / "Update invoice" finished, either way: the failed last sync is read again. */
  onAttempt: () => void;
  /** The issue's failed last sync with this company shows above, with QuickBooks' words and "Retry". */
  failedHere: boolean;
};

/** "Invoices for this issue", loaded only once the viewer says they are signed in to QBO. */
const IssueInvoices = (props: LiveInvoicesProps) => {
  const { issue, connection, returnTo, onIssueChange, invoiceStates, onWorkChange, onAttempt, failedHere } =
    props;
  const stored = storedInvoicesIn(props.storedInvoices, connection.realmId);
  const invoices = useAsync((signal) => listIssueInvoices(issue.id, { signal }), [issue.id]);
  const save = useQboAction(
    () => createIssueInvoice(issue.id),
    (made) => {
      invoices.setData({
        items: withInvoice(invoices.data?.items ?? [], made.invoice),
        notes: invoices.data?.notes ?? [],
      });
      invoices.reload();
      onWorkChange();
      if (onIssueChange) getIssue(issue.id).then(onIssueChange, () => undefined);
    },
  );
  const [sending, setSending] = useState<string | undefined>(undefined);
  const [sendError, setSendError] = useState<unknown>(undefined);
  const send = async (invoice: QboInvoice) => {
    if (!window.confirm(labels.qbo.sendConfirm(invoice.label))) return;
    setSending(invoice.id);
    setSendError(undefined);
    try {
      const sent = await sendIssueInvoice(issue.id, invoice.id);
      invoices.setData({
        items: withInvoice(invoices.data?.items ?? [], sent.invoice),
        notes: invoices.data?.notes ?? [],
      });
    } catch (failure) {
      setSendError(failure);
    } finally {
      setSending(undefined);
    }
  };
  const action = invoiceAction(issue, connection.realmId, invoiceStates, save.result !== undefined);
  const behind = invoiceStateBehind(invoiceStates, connection.realmId, invoices.data?.items);
  useEffect(() => {
    if (behind) onWorkChange();
  }, [behind]);

  const disabledText = labels.qbo.syncInvoiceDisabled;
  return (
    <section class="qbo-invoices" aria-labelledby="issue-invoices" aria-busy={invoices.loading}>
      <h3 id="issue-invoices">{labels.qbo.invoicesForIssue}</h3>
      {invoices.error && !invoices.data ? (
        <QboError
          error={invoices.error}
          returnTo={returnTo}
          disabledText={disabledText}
          onRetry={invoices.reload}
        />
      ) : !invoices.data ? (
        <>
          {stored.invoices.length > 0 && <StoredInvoiceTable {...stored} />}
          <Loading label={labels.qbo.loadingInvoices} />
        </>
      ) : invoices.data.items.length === 0 ? (
        <p class="empty">{labels.qbo.noInvoices}</p>
      ) : (
        <InvoiceTable issueId={issue.id} invoices={invoices.data.items} onSend={send} sending={sending} />
      )}
      {invoices.data?.notes?.map((note) => (
        <p key={note} class="field-hint">
          {note}
        </p>
      ))}
      <InvoiceButton action={action} pending={save.pending} onClick={() => save.start().finally(onAttempt)} />
      {save.result && <Notice>{save.result.message}</Notice>}
      {!(failedHere && qboProblem(save.error) === 'other') && (
        <QboError error={save.error} returnTo={returnTo} disabledText={disabledText} />
      )}
      <QboError error={sendError} returnTo={returnTo} disabledText={disabledText} />
    </section>
  );
};

/** Before "Logged into QBO" is ticked: the issue's invoices as Deskbooks last saw them, if it has any. */
const StoredInvoices = ({ storedInvoices, connection }: InvoicesProps) => {
  const stored = storedInvoicesIn(storedInvoices, connection.realmId);
  if (stored.invoices.length === 0) return null;
  return (
    <section class="qbo-invoices" aria-labelledby="issue-invoices">
      <h3 id="issue-invoices">{labels.qbo.invoicesForIssue}</h3>
      <StoredInvoiceTable {...stored} />
    </section>
  );
};

const SignedInToQbo = (props: InvoicesProps) => {
  const [loggedIn, setLoggedIn] = useSessionFlag(LOGGED_IN_KEY);
  const { issue, connection, returnTo, onIssueChange, onWorkChange } = props;
  const [attempts, setAttempts] = useState(0);
  const failures = useSubjectFailures('invoice', String(issue.id), attempts);
  const failedHere = failures.data?.items.some((failure) => failure.realmId === connection.realmId) ?? false;
  // A retry that worked: the live list starts afresh (its own button's stale error with it).
  const [retried, setRetried] = useState<SyncFailureRetry | undefined>(undefined);
  const [retries, setRetries] = useState(0);
  const onRetried = (done: SyncFailureRetry) => {
    setRetried(done);
    setRetries((n) => n + 1);
    onWorkChange();
    if (onIssueChange) getIssue(issue.id).then(onIssueChange, () => undefined);
  };
  const onAttempt = () => {
    setRetried(undefined);
    setAttempts((n) => n + 1);
  };
  const { homeUrl } = connection;
  return (
    <>
      <div class="qbo-logged-in">
        <CheckboxField
          label={labels.qbo.loggedIn}
          name="qboLoggedIn"
          checked={loggedIn}
          onChange={setLoggedIn}
          hint={labels.qbo.loggedInHint}
        />
        {homeUrl && <QboLink href={homeUrl}>{labels.qbo.signInToQbo}</QboLink>}
      </div>
      <SyncFailureNotice failures={failures} returnTo={returnTo} onRetried={onRetried} />
      {retried && <Notice>{retried.result.message}</Notice>}
      {loggedIn ? (
        <IssueInvoices key={retries} {...props} onAttempt={onAttempt} failedHere={failedHere} />
      ) : (
        <StoredInvoices {...props} />
      )}
    </>
  );
};

/**
 * The issue page's QuickBooks section (DESIGN §1 "Issue page"): "Logged into QBO", "Invoices for this
 * issue" (loaded asynchronously) and "Create invoice" / "Update invoice". The issue page renders
 * without waiting on any of it.
 */
export const IssueQboPanel = (props: IssueQboPanelProps) => {
  const returnTo = `/issues/${props.issue.id}`;
  return (
    <QboFeatureGate toggle="syncInvoice" disabledText={labels.qbo.syncInvoiceDisabled} returnTo={returnTo}>
      {(connection) => <SignedInToQbo {...props} connection={connection} returnTo={returnTo} />}
    </QboFeatureGate>
  );
};
