// Pure rules behind the QuickBooks panels, kept apart from the components so they can be unit tested.
import { ApiError } from '../api/client';
import type {
  Issue,
  QboConnectFailure,
  QboConnectionStatus,
  QboInvoice,
  QboSyncEvent,
  QboSyncResult,
  QboSyncStatus,
  UserQboLink,
} from '../api/types';
import { labels } from '../labels';
import { formatDateTime } from './format';

export type ActiveQboConnection = Extract<QboConnectionStatus, { connected: true }>;

/** The OAuth start, coming back to `returnTo`. A full page load: /api is not a route of this app. */
export const qboConnectUrl = (returnTo: string): string =>
  `/api/qbo/connect?returnTo=${encodeURIComponent(returnTo)}`;

/** A connection that can sync now: connected, and Intuit still accepts its sign-in. */
export const usableConnection = (status: QboConnectionStatus | undefined): ActiveQboConnection | undefined =>
  status?.connected && !status.needsReconnect ? status : undefined;

export type ConnectOutcome = { ok: boolean; message: string };

const CONNECT_FAILURES = Object.keys(labels.qbo.connectErrors) as QboConnectFailure[];

/** What the OAuth callback said on its way back (`?qbo=connected` or `?qboError=<why>`), in words. */
export const connectOutcome = (query: Record<string, string | undefined>): ConnectOutcome | undefined => {
  const failure = query.qboError;
  if (failure) {
    const known = CONNECT_FAILURES.find((why) => why === failure);
    return { ok: false, message: labels.qbo.connectErrors[known ?? 'exchange'] };
  }
  if (query.qbo === 'connected') return { ok: true, message: labels.qbo.connectedNotice };
  return undefined;
};

/** The same page without the callback's parameters, so a reload does not repeat the message. */
export const withoutConnectOutcome = (path: string, query: Record<string, string>): string => {
  const rest = new URLSearchParams(
    Object.entries(query).filter(([name]) => name !== 'qbo' && name !== 'qboError'),
  ).toString();
  return rest ? `${path}?${rest}` : path;
};

/** How a failed QBO request is shown: some refusals have their own wording and next step. */
export type QboProblem = 'sync_disabled' | 'not_connected' | 'other';

export const qboProblem = (error: unknown): QboProblem => {
  if (!(error instanceof ApiError)) return 'other';
  if (error.code === 'qbo_sync_user_disabled' || error.code === 'qbo_sync_invoice_disabled')
    return 'sync_disabled';
  if (error.code === 'qbo_not_connected') return 'not_connected';
  return 'other';
};

/** Why a `qbo_not_connected` refusal needs a reconnect (Intuit dropped the grant); undefined if never connected. */
export const reconnectReason = (error: unknown): string | undefined => {
  if (!(error instanceof ApiError) || error.code !== 'qbo_not_connected') return undefined;
  const details = error.details as { reason?: unknown } | undefined;
  return details?.reason === 'needs_reconnect' ? error.message : undefined;
};

/** Intuit's `intuit_tid` for a `qbo_error`: what their support asks for. */
export const intuitReference = (error: unknown): string | undefined => {
  if (!(error instanceof ApiError) || error.code !== 'qbo_error') return undefined;
  const details = error.details as { intuitTid?: unknown } | undefined;
  return typeof details?.intuitTid === 'string' ? details.intuitTid : undefined;
};

// Customers

export const linkInRealm = (links: UserQboLink[], realmId: string): UserQboLink | undefined =>
  links.find((link) => link.realmId === realmId);

/** Realms where the user has a customer, other than the viewer's (a customer id means nothing elsewhere). */
export const otherRealmIds = (links: UserQboLink[], realmId: string): string[] => [
  ...new Set(links.filter((link) => link.realmId !== realmId).map((link) => link.realmId)),
];

/** The link a sync just made or refreshed, put in place of the one for its realm. */
export const withSyncResult = (links: UserQboLink[], result: QboSyncResult): UserQboLink[] => [
  ...links.filter((link) => link.realmId !== result.realmId),
  {
    realmId: result.realmId,
    customerId: result.customerId,
    displayName: result.displayName,
    syncedAt: result.syncedAt,
    customerUrl: result.customerUrl,
  },
];

export const describeSyncEvent = (event: QboSyncEvent): string => {
  if (event.error) return labels.qbo.syncFailed(event.error.message || event.error.code);
  if (event.outcome) return labels.qbo.outcomes[event.outcome](event.displayName ?? event.customerId ?? '');
  return labels.common.none;
};

/** The newest few sync events, newest first, whatever order the server sent. */
export const recentSyncEvents = (history: QboSyncEvent[], count = 5): QboSyncEvent[] =>
  [...history].sort((a, b) => b.at.localeCompare(a.at)).slice(0, count);

// Invoices

/** "Update invoice" once the issue has an invoice in the viewer's company (or one was just made here). */
export const invoiceButtonLabel = (
  issue: Pick<Issue, 'qboInvoices'>,
  realmId: string,
  createdHere = false,
): string =>
  createdHere || issue.qboInvoices?.[realmId] ? labels.qbo.updateInvoice : labels.qbo.createInvoice;

/** The list with a just created or updated invoice in it, in place or added at the end. */
export const withInvoice = (items: QboInvoice[], invoice: QboInvoice): QboInvoice[] =>
  items.some((item) => item.id === invoice.id)
    ? items.map((item) => (item.id === invoice.id ? invoice : item))
    : [...items, invoice];

/**
 * QBO's decimal string shown in its currency, without going through a float: Intl formats the
 * string itself ("0.10" stays 0.10). An unknown currency code still shows the amount.
 */
export const formatMoney = (amount: string, currency: string | undefined, locale?: string): string => {
  if (!currency) return amount;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
      amount as Intl.StringNumericLiteral,
    );
  } catch {
    return `${amount} ${currency}`;
  }
};

// Webhooks and the backstop (Settings → QBO)

/** Whether Intuit's webhooks have been arriving: the last one's time, or that none has come. */
export const lastWebhookText = (status: Pick<QboSyncStatus, 'lastWebhookAt'>): string =>
  status.lastWebhookAt ? labels.qbo.lastWebhook(formatDateTime(status.lastWebhookAt)) : labels.qbo.noWebhook;

/** When the change data capture backstop last ran for a company, and how many changes it found. */
export const backstopText = (company: QboSyncStatus['companies'][number]): string =>
  company.backstopRanAt
    ? labels.qbo.backstopRan(formatDateTime(company.backstopRanAt), company.backstopChanges ?? 0)
    : labels.qbo.backstopNotRun;
