import { useRoute } from 'preact-iso';
import { getIssue, listIssueEntries } from '../api/client';
import type { Issue } from '../api/types';
import { BillableWorkPanel } from '../components/billable-work-panel';
import { AddressBlock, Detail } from '../components/details';
import { ErrorBanner } from '../components/error-banner';
import { IssueQboPanel } from '../components/issue-qbo-panel';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { RequestorQboLink } from '../components/requestor-qbo-link';
import { StatusBadge } from '../components/status-badge';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { isNotFound } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { isStaff } from '../lib/roles';
import { useCurrentUser } from '../session';
import { NotFoundPage } from './not-found-page';

/** Changes whenever an invoice is made or updated for the issue (each stores a new sync time). */
const invoicesKey = (issue: Issue): string =>
  Object.values(issue.qboInvoices ?? {})
    .map((invoice) => invoice.syncedAt)
    .join();

const IssueDetails = ({ issue }: { issue: Issue }) => (
  <dl class="details">
    <Detail label={labels.issues.status}>
      <StatusBadge status={issue.status} />
    </Detail>
    <Detail label={labels.issues.requestor} class="inline-actions">
      <a href={`/users/${encodeURIComponent(issue.requestorId)}`}>
        {issue.requestor?.name ?? issue.requestorId}
      </a>
      <RequestorQboLink requestorId={issue.requestorId} refreshKey={invoicesKey(issue)} />
    </Detail>
    <Detail label={labels.issues.billingAddress}>
      <AddressBlock address={issue.billingAddress} />
    </Detail>
    <Detail label={labels.issues.billingEmail}>{issue.billingEmail ?? labels.common.none}</Detail>
    <Detail label={labels.common.created}>{formatDateTime(issue.createdAt)}</Detail>
    <Detail label={labels.common.updated}>{formatDateTime(issue.updatedAt)}</Detail>
  </dl>
);

export const IssuePage = () => {
  const { params } = useRoute();
  const id = params.id ?? '';
  const me = useCurrentUser();
  const issue = useAsync((signal) => getIssue(id, { signal }), [id]);
  // The billable work, read once for both panels: an entry saved or an invoice written reloads it for both.
  const work = useAsync((signal) => listIssueEntries(id, { signal }), [id]);

  if (isNotFound(issue.error)) return <NotFoundPage />;
  if (issue.error) return <ErrorBanner error={issue.error} onRetry={issue.reload} />;
  if (!issue.data) return <Loading />;

  const staff = isStaff(me);
  return (
    <div class="page">
      <p class="eyebrow">{labels.issues.issueNumber(issue.data.id)}</p>
      <PageHeader title={issue.data.title}>
        {staff && (
          <a class="button button-primary" href={`/issues/${issue.data.id}/edit`}>
            {labels.common.edit}
          </a>
        )}
      </PageHeader>
      <IssueDetails issue={issue.data} />
      <section class="panel" aria-labelledby="issue-description">
        <h2 id="issue-description">{labels.issues.description}</h2>
        <p class="prose">{issue.data.description || labels.issues.noDescription}</p>
      </section>
      <section class="panel" aria-labelledby="issue-billable-work">
        <h2 id="issue-billable-work">{labels.billableWork.title}</h2>
        <BillableWorkPanel
          issueId={issue.data.id}
          canEdit={staff}
          work={work.data}
          loadError={work.error}
          onChange={work.reload}
        />
      </section>
      {staff && (
        <section aria-label={labels.qbo.sectionName} class="panel">
          <h2>{labels.qbo.sectionName}</h2>
          <IssueQboPanel
            issue={issue.data}
            onIssueChange={issue.setData}
            invoiceStates={work.data?.invoices}
            storedInvoices={work.data?.storedInvoices}
            onWorkChange={work.reload}
          />
        </section>
      )}
    </div>
  );
};
