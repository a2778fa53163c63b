import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { getUser, listInvoices } from '../api/client';
import type { InvoiceList, InvoiceListItem } from '../api/types';
import { BillingBadge } from '../components/billing-badge';
import { Detail } from '../components/details';
import { DueDate } from '../components/due-date';
import { SelectField } from '../components/field';
import { LoadMore } from '../components/load-more';
import { PageHeader } from '../components/page-header';
import { QboLink } from '../components/qbo-notices';
import { RequireStaff } from '../components/require-staff';
import { UserPicker } from '../components/user-picker';
import { useAsync } from '../hooks/use-async';
import { usePagedList } from '../hooks/use-paged-list';
import { labels } from '../labels';
import { INVOICE_STATES } from '../lib/billing';
import { filteredPath, filterOptions, pickOption } from '../lib/list-filters';
import { formatMoney } from '../lib/qbo';

const PAGE_SIZE = 25;

type Totals = InvoiceList['totals'];

/** What is owed on every open invoice, and how much of it is past due, whatever the filters. */
const InvoiceTotals = ({ totals }: { totals: Totals | undefined }) => (
  <dl class="details" aria-label={labels.invoices.totals}>
    <Detail label={labels.invoices.outstanding} class="numeric">
      {totals ? formatMoney(totals.outstanding, totals.currency) : labels.common.none}
    </Detail>
    <Detail label={labels.invoices.overdue} class="numeric">
      {totals ? formatMoney(totals.overdue, totals.currency) : labels.common.none}
    </Detail>
  </dl>
);

const InvoiceRow = ({ invoice }: { invoice: InvoiceListItem }) => (
  <tr>
    <td>{invoice.label}</td>
    <td>
      {invoice.customer.id ? (
        <a href={`/users/${encodeURIComponent(invoice.customer.id)}`}>
          {invoice.customer.name || invoice.customer.id}
        </a>
      ) : (
        labels.common.none
      )}
    </td>
    <td>
      <a href={`/issues/${invoice.issue.id}`}>
        {invoice.issue.title || labels.issues.issueNumber(invoice.issue.id)}
      </a>
    </td>
    <td class="numeric">{formatMoney(invoice.total, invoice.currency)}</td>
    <td class="numeric">{formatMoney(invoice.balance, invoice.currency)}</td>
    <td>
      <BillingBadge state={invoice.status} />
    </td>
    <td>
      <DueDate day={invoice.dueDate} />
    </td>
    <td>
      <QboLink href={invoice.url}>{labels.qbo.viewInQbo}</QboLink>
    </td>
  </tr>
);

const InvoicesTable = ({ invoices }: { invoices: InvoiceListItem[] }) => (
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{labels.invoices.invoice}</th>
          <th scope="col">{labels.invoices.customer}</th>
          <th scope="col">{labels.invoices.issue}</th>
          <th scope="col">{labels.invoices.total}</th>
          <th scope="col">{labels.invoices.balance}</th>
          <th scope="col">{labels.invoices.status}</th>
          <th scope="col">{labels.invoices.dueDate}</th>
          <th scope="col">
            <span class="visually-hidden">{labels.qbo.link}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((invoice) => (
          <InvoiceRow key={`${invoice.realmId}/${invoice.invoiceId}`} invoice={invoice} />
        ))}
      </tbody>
    </table>
  </div>
);

/** Every invoice Deskbooks made, newest first, as it last saw them: no QuickBooks call. */
const InvoicesList = () => {
  const { query, route } = useLocation();
  const status = pickOption(query.status, INVOICE_STATES);
  const customerId = query.customer ?? '';
  // A customer chosen through the URL (a reload, a shared link) is named in the picker.
  const customer = useAsync(
    (signal) => (customerId ? getUser(customerId, { signal }) : Promise.resolve(undefined)),
    [customerId],
  );
  const [totals, setTotals] = useState<Totals | undefined>(undefined);
  const list = usePagedList(
    async (cursor, signal) => {
      const page = await listInvoices({ status, customerId, limit: PAGE_SIZE, cursor }, { signal });
      if (!signal.aborted) setTotals(page.totals);
      return page;
    },
    [status, customerId],
  );
  const filterBy = (changed: { status?: string; customer?: string }) =>
    route(filteredPath('/invoices', { status, customer: customerId, ...changed }), true);

  return (
    <div class="page">
      <PageHeader title={labels.invoices.title} />
      <InvoiceTotals totals={totals} />
      <search class="filters">
        <SelectField
          label={labels.invoices.statusFilter}
          name="status"
          value={status}
          options={filterOptions(labels.invoices.anyStatus, INVOICE_STATES, labels.billingStates)}
          onChange={(value) => filterBy({ status: value })}
        />
        <UserPicker
          label={labels.invoices.customer}
          name="customer"
          searchLabel={labels.invoices.findCustomer}
          searchHint={labels.invoices.findCustomerHint}
          noneChosen={labels.invoices.anyCustomer}
          value={customerId}
          selected={customer.data}
          onChange={(user) => filterBy({ customer: user?.id ?? '' })}
        />
      </search>
      {list.items.length > 0 && <InvoicesTable invoices={list.items} />}
      {!list.loading && !list.error && list.items.length === 0 && (
        <p class="empty">{labels.invoices.empty}</p>
      )}
      <LoadMore list={list} />
    </div>
  );
};

export const InvoicesPage = () => (
  <RequireStaff>
    <InvoicesList />
  </RequireStaff>
);
