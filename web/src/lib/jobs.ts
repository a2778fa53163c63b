// Pure rules behind the bulk jobs' progress bar, kept apart from the component so they can be unit tested.
import type { Job, JobKind } from '../api/types';
import { labels } from '../labels';

/** Asking again for a job that is still planning or running: about once a second. */
export const JOB_POLL_MS = 1000;
/** After a failed read, wait longer before asking again, so a flaky network is not hammered. */
export const JOB_POLL_AFTER_ERROR_MS = 5000;

/** Still going: the bar keeps being refreshed and "Cancel" shows. */
export const isJobActive = (job: Pick<Job, 'state'>): boolean =>
  job.state === 'planning' || job.state === 'running';

/** Whole percent done (never 100 before the last one); 0 until the job knows how many subjects it has. */
export const jobPercent = (job: Pick<Job, 'state' | 'progress'>): number => {
  const { done, total } = job.progress;
  if (total > 0) return Math.floor((done / total) * 100);
  return job.state === 'done' ? 100 : 0;
};

/** "Created: 3", "Linked: 2", "Updated" and "Skipped" only when there are any, then "Failed: 0". */
export const jobCounts = (progress: Job['progress']): string[] => [
  labels.jobs.created(progress.created),
  labels.jobs.linked(progress.linked),
  ...(progress.updated > 0 ? [labels.jobs.updated(progress.updated)] : []),
  ...(progress.skipped > 0 ? [labels.jobs.skipped(progress.skipped)] : []),
  labels.jobs.failed(progress.failed),
];

/** The server's estimate in words: "About 3 min left", rounded up; nothing while it has none. */
export const timeLeftText = (secondsLeft: number | undefined): string | undefined => {
  if (secondsLeft === undefined) return undefined;
  if (secondsLeft < 60) return labels.jobs.underAMinuteLeft;
  return labels.jobs.minutesLeft(Math.ceil(secondsLeft / 60));
};

/** A job failure's subject: the user (customer sync) or the issue (invoicing), as a link and its text. */
export const jobSubject = (kind: JobKind, subjectId: string): { label: string; path: string } =>
  kind === 'sync-customers'
    ? { label: labels.jobs.userSubject(subjectId), path: `/users/${encodeURIComponent(subjectId)}` }
    : { label: labels.jobs.issueSubject(subjectId), path: `/issues/${encodeURIComponent(subjectId)}` };

/** The `details.jobId` of a 409 "already running", so the page can show that job instead. */
export const runningJobId = (details: unknown): string | undefined => {
  const jobId = (details as { jobId?: unknown } | undefined)?.jobId;
  return typeof jobId === 'string' ? jobId : undefined;
};
