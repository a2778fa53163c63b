import { getSyncHealth, listSyncFailures } from '../api/client';
import type { SyncFailure, SyncHealth } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { usePagedList } from '../hooks/use-paged-list';
import { labels } from '../labels';
import { formatDateTime } from '../lib/format';
import { withFailure, withoutFailure } from '../lib/sync-failures';
import { ErrorBanner } from './error-banner';
import { LoadMore } from './load-more';
import { Loading } from './loading';
import { SyncFailureActions } from './sync-failure-actions';

const FAILURES_PAGE = 25;
const SETTINGS_PATH = '/settings';

const When = ({ at }: { at: string | undefined }) =>
  at ? <time dateTime={at}>{formatDateTime(at)}</time> : labels.syncHealth.neverSynced;

/** Per company: how many customers and invoices Deskbooks has synced, and when it last did. */
const CompanyCounts = ({ companies }: { companies: SyncHealth['companies'] }) =>
  companies.length === 0 ? (
    <p class="empty">{labels.syncHealth.noCompanies}</p>
  ) : (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{labels.syncHealth.company}</th>
            <th scope="col">{labels.syncHealth.customersSynced}</th>
            <th scope="col">{labels.syncHealth.invoicesSynced}</th>
            <th scope="col">{labels.syncHealth.lastSynced}</th>
          </tr>
        </thead>
        <tbody>
          {companies.map((company) => (
            <tr key={company.realmId}>
              <th scope="row">{company.companyName}</th>
              <td class="numeric">{company.customersSynced}</td>
              <td class="numeric">{company.invoicesSynced}</td>
              <td>
                <When at={company.lastSyncedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

type FailureRowProps = {
  failure: SyncFailure;
  onGone: (failure: SyncFailure) => void;
  onReplaced: (failure: SyncFailure) => void;
};

const FailureRow = ({ failure, onGone, onReplaced }: FailureRowProps) => (
  <tr>
    <td>
      <a href={failure.subject.path}>{failure.subject.label}</a>
      <span class="field-hint"> {labels.syncHealth.kinds[failure.kind]}</span>
    </td>
    <td>
      <time dateTime={failure.failedAt}>{formatDateTime(failure.failedAt)}</time>
    </td>
    <td>{failure.actorName ?? labels.common.none}</td>
    <td>{failure.companyName ?? failure.realmId}</td>
    <td class="sync-failure-message">{failure.message}</td>
    <td>{failure.intuitTid ? <code>{failure.intuitTid}</code> : labels.common.none}</td>
    <td>
      <SyncFailureActions
        failure={failure}
        returnTo={SETTINGS_PATH}
        onGone={onGone}
        onReplaced={onReplaced}
      />
    </td>
  </tr>
);

/**
 * Settings → QBO "Sync health" (staff and admins): per company what Deskbooks has synced, and the failed
 * syncs (staff: of their own actions; admins: everyone's) with QuickBooks' message and reference,
 * "Retry" and "Dismiss". Read from Deskbooks' table only: no QuickBooks call until a retry.
 */
export const QboSyncHealthPanel = () => {
  const health = useAsync((signal) => getSyncHealth({ signal }), []);
  const failures = usePagedList(
    (cursor, signal) => listSyncFailures({ limit: FAILURES_PAGE, ...(cursor ? { cursor } : {}) }, { signal }),
    [],
  );
  const onGone = (failure: SyncFailure) => {
    failures.update((items) => withoutFailure(items, failure.id));
    health.reload();
  };
  const onReplaced = (failure: SyncFailure) => failures.update((items) => withFailure(items, failure));
  const count = health.data?.failures ?? failures.items.length;

  return (
    <section class="qbo-sync-health" aria-labelledby="qbo-sync-health">
      <h3 id="qbo-sync-health">{labels.syncHealth.title}</h3>
      {health.error ? (
        <ErrorBanner error={health.error} onRetry={health.reload} />
      ) : health.data ? (
        <CompanyCounts companies={health.data.companies} />
      ) : (
        <Loading />
      )}
      <section aria-labelledby="qbo-sync-failures">
        <h4 id="qbo-sync-failures">{labels.syncHealth.failures(count)}</h4>
        {failures.items.length > 0 ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{labels.syncHealth.what}</th>
                  <th scope="col">{labels.syncHealth.when}</th>
                  <th scope="col">{labels.syncHealth.who}</th>
                  <th scope="col">{labels.syncHealth.company}</th>
                  <th scope="col">{labels.syncHealth.message}</th>
                  <th scope="col">{labels.syncHealth.reference}</th>
                  <th scope="col">
                    <span class="visually-hidden">{labels.syncHealth.actions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {failures.items.map((failure) => (
                  <FailureRow key={failure.id} failure={failure} onGone={onGone} onReplaced={onReplaced} />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          !failures.loading && !failures.error && <p class="empty">{labels.syncHealth.noFailures}</p>
        )}
        <LoadMore list={failures} />
      </section>
    </section>
  );
};
