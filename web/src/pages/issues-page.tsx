import { useLocation } from 'preact-iso';
import { listIssues } from '../api/client';
import type { IssueRow, IssueStatus } from '../api/types';
import { BillingBadge } from '../components/billing-badge';
import { SelectField } from '../components/field';
import { LoadMore } from '../components/load-more';
import { PageHeader } from '../components/page-header';
import { StatusBadge } from '../components/status-badge';
import { usePagedList } from '../hooks/use-paged-list';
import { labels } from '../labels';
import { BILLING_STATES } from '../lib/billing';
import { formatDateTime } from '../lib/format';
import { filteredPath, filterOptions, pickOption } from '../lib/list-filters';
import { isStaff } from '../lib/roles';
import { useCurrentUser } from '../session';

const STATUSES: IssueStatus[] = ['open', 'in_progress', 'resolved', 'closed'];
const PAGE_SIZE = 25;

const IssuesTable = ({ issues }: { issues: IssueRow[] }) => (
  <div class="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{labels.issues.number}</th>
          <th scope="col">{labels.issues.issueTitle}</th>
          <th scope="col">{labels.issues.requestor}</th>
          <th scope="col">{labels.issues.status}</th>
          <th scope="col">{labels.issues.billing}</th>
          <th scope="col">{labels.issues.updated}</th>
        </tr>
      </thead>
      <tbody>
        {issues.map((issue) => (
          <tr key={issue.id}>
            <td class="numeric">{issue.id}</td>
            <td>
              <a href={`/issues/${issue.id}`}>{issue.title}</a>
            </td>
            <td>
              {issue.requestor ? (
                <a href={`/users/${encodeURIComponent(issue.requestor.id)}`}>{issue.requestor.name}</a>
              ) : (
                labels.common.none
              )}
            </td>
            <td>
              <StatusBadge status={issue.status} />
            </td>
            <td>
              <BillingBadge state={issue.billingState} />
            </td>
            <td>
              <time dateTime={issue.updatedAt}>{formatDateTime(issue.updatedAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

export const IssuesPage = () => {
  const me = useCurrentUser();
  const { query, route } = useLocation();
  const status = pickOption(query.status, STATUSES);
  const billing = pickOption(query.billing, BILLING_STATES);
  const list = usePagedList(
    (cursor, signal) => listIssues({ status, billing, limit: PAGE_SIZE, cursor }, { signal }),
    [status, billing],
  );
  const filterBy = (changed: { status?: string; billing?: string }) =>
    route(filteredPath('/issues', { status, billing, ...changed }), true);

  return (
    <div class="page">
      <PageHeader title={labels.issues.title}>
        {isStaff(me) && (
          <a class="button button-primary" href="/issues/new">
            {labels.issues.newIssue}
          </a>
        )}
      </PageHeader>
      <div class="filters">
        <SelectField
          label={labels.issues.statusFilter}
          name="status"
          value={status}
          options={filterOptions(labels.issues.anyStatus, STATUSES, labels.statuses)}
          onChange={(value) => filterBy({ status: value })}
        />
        <SelectField
          label={labels.issues.billing}
          name="billing"
          value={billing}
          options={filterOptions(labels.issues.anyBilling, BILLING_STATES, labels.billingStates)}
          onChange={(value) => filterBy({ billing: value })}
        />
      </div>
      {list.items.length > 0 && <IssuesTable issues={list.items} />}
      {!list.loading && !list.error && list.items.length === 0 && <p class="empty">{labels.issues.empty}</p>}
      <LoadMore list={list} />
    </div>
  );
};
