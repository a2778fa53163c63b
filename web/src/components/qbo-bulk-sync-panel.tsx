import type { Job, JobKind, QboToggle, Settings } from '../api/types';
import { useJob } from '../hooks/use-job';
import { useQboConnection } from '../hooks/use-qbo-connection';
import { labels } from '../labels';
import { formatDateTime } from '../lib/format';
import { isJobActive, jobCounts, jobPercent, jobSubject, timeLeftText } from '../lib/jobs';
import { usableConnection } from '../lib/qbo';
import { ErrorBanner, Notice } from './error-banner';
import { Loading } from './loading';
import { ConnectFirst, QboError } from './qbo-notices';

const SETTINGS_PATH = '/settings';

const JOBS: { kind: JobKind; toggle: QboToggle; disabledText: string }[] = [
  { kind: 'sync-customers', toggle: 'syncUser', disabledText: labels.qbo.syncUserDisabled },
  { kind: 'invoice-issues', toggle: 'syncInvoice', disabledText: labels.qbo.syncInvoiceDisabled },
];

/** Whether the start button can be used, and if not, what to say instead. */
type StartGate =
  | { state: 'ready' }
  | { state: 'checking' }
  | { state: 'off'; text: string }
  | { state: 'no-connection' };

const JobFailures = ({ job }: { job: Job }) =>
  job.failures.length === 0 ? null : (
    <section class="job-failures" aria-labelledby={`job-failures-${job.kind}`}>
      <h5 id={`job-failures-${job.kind}`}>{labels.jobs.failuresTitle}</h5>
      <ul>
        {job.failures.map((failure) => {
          const subject = jobSubject(job.kind, failure.subjectId);
          return (
            <li key={failure.subjectId}>
              <a href={subject.path}>{subject.label}</a>: {failure.message}{' '}
              <time dateTime={failure.at} class="field-hint">
                {formatDateTime(failure.at)}
              </time>
            </li>
          );
        })}
      </ul>
      {job.progress.failed > job.failures.length && <p class="field-hint">{labels.jobs.moreFailures}</p>}
    </section>
  );

type JobProgressProps = {
  job: Job;
  title: string;
  cancelling: boolean;
  onCancel: () => void;
};

/** The progress bar: state, done / total and percent, the counts, the time left, "Cancel", the failures. */
const JobProgress = ({ job, title, cancelling, onCancel }: JobProgressProps) => {
  const { progress } = job;
  const active = isJobActive(job);
  const percent = jobPercent(job);
  // While planning the total is not known yet: an indeterminate bar (no value).
  const known = progress.total > 0 || job.state === 'done';
  const timeLeft = active ? timeLeftText(job.secondsLeft) : undefined;
  return (
    <div class="job-progress">
      <p role="status">
        <strong>{labels.jobs.states[job.state]}</strong>
        {' · '}
        {labels.jobs.startedAt(formatDateTime(job.startedAt ?? job.createdAt), job.companyName)}
        {job.finishedAt && ` · ${labels.jobs.finishedAt(formatDateTime(job.finishedAt))}`}
      </p>
      <progress
        aria-label={labels.jobs.progressOf(title)}
        max={known ? Math.max(progress.total, 1) : undefined}
        value={known ? (progress.total > 0 ? progress.done : 1) : undefined}
      />
      <p>
        {labels.jobs.doneOfTotal(progress.done, progress.total, percent)}
        {timeLeft && ` · ${timeLeft}`}
      </p>
      <p>{jobCounts(progress).join(' · ')}</p>
      {active && (
        <p>
          <button
            type="button"
            class="button-secondary"
            aria-label={labels.jobs.cancelOf(title)}
            onClick={onCancel}
            disabled={cancelling}
          >
            {cancelling ? labels.jobs.cancelling : labels.jobs.cancel}
          </button>
        </p>
      )}
      <JobFailures job={job} />
    </div>
  );
};

type BulkJobProps = { kind: JobKind; gate: StartGate; disabledText: string };

/** One bulk job: what it does, its start button (or why it cannot start), and its latest run. */
const BulkJob = ({ kind, gate, disabledText }: BulkJobProps) => {
  const title = labels.jobs.kinds[kind];
  const job = useJob(kind);
  const running = job.job !== undefined && isJobActive(job.job);
  const hintId = `job-hint-${kind}`;
  const offId = `job-off-${kind}`;
  return (
    <section class="qbo-job" aria-label={title}>
      <p class="field-hint" id={hintId}>
        {labels.jobs.hints[kind]}
      </p>
      {gate.state !== 'no-connection' && (
        <p class="inline-actions">
          <button
            type="button"
            class="button-primary"
            onClick={job.start}
            disabled={gate.state !== 'ready' || running || job.pending !== undefined}
            aria-describedby={gate.state === 'off' ? `${offId} ${hintId}` : hintId}
          >
            {job.pending === 'start' ? labels.jobs.starting : title}
          </button>
        </p>
      )}
      {gate.state === 'off' && (
        <p class="qbo-disabled" id={offId}>
          {gate.text}
        </p>
      )}
      {job.alreadyRunning && <Notice>{labels.jobs.alreadyRunning}</Notice>}
      <QboError error={job.actionError} returnTo={SETTINGS_PATH} disabledText={disabledText} />
      {job.loadError && !job.job ? (
        <ErrorBanner error={job.loadError} onRetry={job.reload} />
      ) : job.loading ? (
        <Loading />
      ) : (
        job.job && (
          <JobProgress
            job={job.job}
            title={title}
            cancelling={job.pending === 'cancel'}
            onCancel={job.cancel}
          />
        )
      )}
      <ErrorBanner error={job.pollError} />
    </section>
  );
};

const gateOf = (
  settings: Settings,
  toggle: QboToggle,
  disabledText: string,
  connection: ReturnType<typeof useQboConnection>,
): StartGate => {
  if (!settings.qbo[toggle]) return { state: 'off', text: disabledText };
  if (!connection.data) return connection.error ? { state: 'no-connection' } : { state: 'checking' };
  return usableConnection(connection.data) ? { state: 'ready' } : { state: 'no-connection' };
};

/**
 * Settings → QBO "Bulk sync" (admins): "Sync all customers" and "Invoice resolved issues", each worked in
 * the background through the admin's QuickBooks connection, with a progress bar that survives a reload.
 * A job's button is disabled, saying why, while its setting is off; without a connection there is
 * "Connect to QBO First" instead.
 */
export const QboBulkSyncPanel = ({ settings }: { settings: Settings }) => {
  const connection = useQboConnection();
  const gates = JOBS.map((job) => ({
    ...job,
    gate: gateOf(settings, job.toggle, job.disabledText, connection),
  }));
  const needsConnection = gates.some(({ gate }) => gate.state === 'no-connection');
  const reason =
    connection.data?.connected && connection.data.needsReconnect
      ? connection.data.needsReconnect.reason
      : undefined;
  return (
    <section class="qbo-bulk-sync" aria-labelledby="qbo-bulk-sync">
      <h3 id="qbo-bulk-sync">{labels.jobs.title}</h3>
      {connection.error && <ErrorBanner error={connection.error} onRetry={connection.reload} />}
      {needsConnection && !connection.error && <ConnectFirst returnTo={SETTINGS_PATH} reason={reason} />}
      {gates.map(({ kind, gate, disabledText }) => (
        <BulkJob key={kind} kind={kind} gate={gate} disabledText={disabledText} />
      ))}
    </section>
  );
};
