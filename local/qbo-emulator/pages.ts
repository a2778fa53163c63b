import { formatUsd } from './api/money';
import { refName } from './api/validation';
import type { EmulatorContext } from './context';
import { escapeHtml, htmlReply, type Incoming, isRecord, type Reply } from './http';
import { renderPage } from './page-layout';
import { type Entity, findEntity, isDeleted, liveEntities, type RealmState } from './store';
import { toPacificDate } from './time-format';

// The links carry only an Id, like Intuit's; the company is the one asked for or the last one connected.
const realmFor = (ctx: EmulatorContext, incoming: Incoming): RealmState | undefined => {
  const realmId =
    incoming.url.searchParams.get('realmId') ?? ctx.grants.lastRealmId() ?? ctx.companies[0]?.realmId ?? '';
  return ctx.store.realm(realmId);
};

const notFound = (what: string) =>
  htmlReply(404, renderPage('Not found', `<h1>Not found</h1><p role="alert">${escapeHtml(what)}</p>`));

// Deskbooks' status rule (qbo-reference §3.6), shown so a developer can check what the app displays.
const invoiceStatus = (invoice: Entity, today: string): string => {
  const total = Math.round(Number(invoice.TotalAmt ?? 0) * 100);
  const balance = Math.round(Number(invoice.Balance ?? 0) * 100);
  if (total === 0 && String(invoice.PrivateNote ?? '').startsWith('Voided')) return 'Voided';
  if (balance === 0) return 'Paid';
  const overdue = String(invoice.DueDate ?? '') < today ? ' (overdue)' : '';
  return `${balance < total ? 'Partially paid' : 'Unpaid'}${overdue}`;
};

const cell = (value: unknown) => `<td>${escapeHtml(value)}</td>`;

const invoiceRow = (line: Record<string, unknown>) => {
  const detail = isRecord(line.SalesItemLineDetail) ? line.SalesItemLineDetail : {};
  const amount =
    line.DetailType === 'DiscountLineDetail' ? `-${formatUsd(line.Amount)}` : formatUsd(line.Amount);
  return `<tr>${[
    refName(detail.ItemRef),
    line.Description,
    detail.ServiceDate,
    detail.Qty,
    detail.UnitPrice === undefined ? '' : formatUsd(detail.UnitPrice),
    line.Amount === undefined ? '' : amount,
    refName(detail.TaxCodeRef),
  ]
    .map(cell)
    .join('')}</tr>`;
};

const invoiceRows = (invoice: Entity) =>
  (Array.isArray(invoice.Line) ? invoice.Line : [])
    .filter(isRecord)
    .filter((line) => line.DetailType !== 'SubTotalLineDetail')
    .map(invoiceRow)
    .join('');

const deliveryTime = (invoice: Entity) =>
  isRecord(invoice.DeliveryInfo) ? String(invoice.DeliveryInfo.DeliveryTime ?? '') : '';

const invoicePage = (
  invoice: Entity,
  realm: RealmState,
  today: string,
) => `<h1>Invoice no. ${escapeHtml(invoice.DocNumber)}</h1>
<p>${escapeHtml(realm.companyName)}</p>
<dl>
<dt>Customer</dt><dd>${escapeHtml(refName(invoice.CustomerRef))}</dd>
<dt>Invoice date</dt><dd>${escapeHtml(invoice.TxnDate)}</dd>
<dt>Due date</dt><dd>${escapeHtml(invoice.DueDate)}</dd>
<dt>Status</dt><dd>${escapeHtml(invoiceStatus(invoice, today))}</dd>
<dt>Email status</dt><dd>${escapeHtml(invoice.EmailStatus ?? 'NotSet')}</dd>
<dt>Sent</dt><dd>${escapeHtml(deliveryTime(invoice) || 'Not sent')}</dd>
</dl>
<table><thead><tr><th>Product/service</th><th>Description</th><th>Service date</th><th>Qty</th><th>Rate</th><th>Amount</th><th>Tax</th></tr></thead>
<tbody>${invoiceRows(invoice)}</tbody></table>
<p>Total: <strong>${formatUsd(invoice.TotalAmt)}</strong></p>
<p>Balance due: <strong>${formatUsd(invoice.Balance)}</strong></p>`;

export const showInvoice = (ctx: EmulatorContext, incoming: Incoming): Reply => {
  const realm = realmFor(ctx, incoming);
  const id = incoming.url.searchParams.get('txnId') ?? '';
  const invoice = realm && findEntity(realm, 'Invoice', id);
  if (!realm || !invoice) return notFound(`There is no invoice ${id} in this company.`);
  if (isDeleted(realm, 'Invoice', id)) return notFound(`Invoice ${id} has been deleted.`);
  const today = toPacificDate(ctx.clock.now());
  return htmlReply(
    200,
    renderPage(`Invoice ${String(invoice.DocNumber)}`, invoicePage(invoice, realm, today)),
  );
};

const customerPage = (customer: Entity, realm: RealmState, today: string) => {
  const invoices = liveEntities(realm, 'Invoice')
    .filter((invoice) => isRecord(invoice.CustomerRef) && invoice.CustomerRef.value === customer.Id)
    .map(
      (invoice) =>
        `<tr><td><a href="/app/invoice?txnId=${escapeHtml(invoice.Id)}&amp;realmId=${escapeHtml(realm.realmId)}">${escapeHtml(invoice.DocNumber)}</a></td><td>${escapeHtml(invoice.DueDate)}</td><td>${formatUsd(invoice.TotalAmt)}</td><td>${formatUsd(invoice.Balance)}</td><td>${escapeHtml(invoiceStatus(invoice, today))}</td></tr>`,
    )
    .join('');
  const email = isRecord(customer.PrimaryEmailAddr) ? customer.PrimaryEmailAddr.Address : '';
  return `<h1>${escapeHtml(customer.DisplayName)}</h1>
<p>${escapeHtml(realm.companyName)}${customer.Active === false ? ' · inactive' : ''}</p>
<dl><dt>Email</dt><dd>${escapeHtml(email)}</dd><dt>Open balance</dt><dd>${formatUsd(customer.Balance)}</dd></dl>
<h2>Invoices</h2>
<table><thead><tr><th>No.</th><th>Due date</th><th>Total</th><th>Balance</th><th>Status</th></tr></thead><tbody>${invoices}</tbody></table>`;
};

export const showCustomer = (ctx: EmulatorContext, incoming: Incoming): Reply => {
  const realm = realmFor(ctx, incoming);
  const id = incoming.url.searchParams.get('nameId') ?? '';
  const customer = realm && findEntity(realm, 'Customer', id);
  if (!realm || !customer) return notFound(`There is no customer ${id} in this company.`);
  const today = toPacificDate(ctx.clock.now());
  return htmlReply(200, renderPage(String(customer.DisplayName), customerPage(customer, realm, today)));
};

export const showHomepage = (ctx: EmulatorContext, incoming: Incoming): Reply => {
  const realm = realmFor(ctx, incoming);
  const body = `<h1>QuickBooks</h1>
<p>Signed in as the sandbox company admin${realm ? ` of <strong>${escapeHtml(realm.companyName)}</strong>` : ''}.</p>
<p class="note">This is the local QuickBooks Online emulator; no real Intuit account is involved.</p>`;
  return htmlReply(200, renderPage('QuickBooks', body));
};
