/** What a bulk job does: sync every customer, or invoice every resolved issue with work to bill. */
export const JOB_KINDS = ['sync-customers', 'invoice-issues'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * planning: the worker is listing the subjects; running: its items are being worked; then done or
 * cancelled. A cancelled job's items that have not started are skipped; a started subject finishes.
 */
export type JobState = 'planning' | 'running' | 'done' | 'cancelled';

/** How one subject (a user, an issue) came out; `failed` carries QuickBooks' or Deskbooks' reason. */
export type SubjectOutcome = 'created' | 'linked' | 'updated' | 'skipped';
export type SubjectResult =
  | { outcome: SubjectOutcome; at: string }
  | { outcome: 'failed'; at: string; code: string; message: string };

export type Job = {
  id: string;
  kind: JobKind;
  realmId: string;
  companyName: string;
  /** The admin who started it: the worker works through their QuickBooks connection. */
  actorId: string;
  state: JobState;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  cancelledAt?: string;
  /** Subjects planned; known once planning ends. */
  total?: number;
  /** Items written, plan and continuations, so a continuation takes the next number. */
  itemCount?: number;
};

/** Up to 30 subjects (one QuickBooks batch), worked by one worker invocation. */
export type JobItem = {
  jobId: string;
  itemNumber: number;
  subjects: string[];
  /** By subject id: written as each one finishes, so a retried item skips them. */
  results: Record<string, SubjectResult>;
  /** The subjects a later item took over (the worker ran out of time or budget). */
  continuedIn?: number;
};

export type JobProgress = {
  total: number;
  done: number;
  created: number;
  linked: number;
  updated: number;
  skipped: number;
  failed: number;
};

export type JobView = Job & {
  progress: JobProgress;
  /** Estimated from the pace so far, while running. */
  secondsLeft?: number;
  /** The latest failures, with their reasons (the Sync health list has them all). */
  failures: { subjectId: string; code: string; message: string; at: string }[];
};

const FAILURES_SHOWN = 20;

export const jobViewOf = (job: Job, items: readonly JobItem[], now: Date): JobView => {
  const results = new Map<string, SubjectResult>();
  for (const item of items)
    for (const [subject, result] of Object.entries(item.results)) results.set(subject, result);
  const progress: JobProgress = {
    total: job.total ?? 0,
    done: results.size,
    created: 0,
    linked: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
  };
  for (const result of results.values()) progress[result.outcome] += 1;
  const failures = [...results.entries()]
    .flatMap(([subjectId, result]) =>
      result.outcome === 'failed'
        ? [{ subjectId, code: result.code, message: result.message, at: result.at }]
        : [],
    )
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, FAILURES_SHOWN);
  const elapsedMs = job.startedAt ? now.getTime() - Date.parse(job.startedAt) : 0;
  const left = progress.total - progress.done;
  const secondsLeft =
    job.state === 'running' && progress.done > 0 && left > 0
      ? Math.ceil(((elapsedMs / progress.done) * left) / 1000)
      : undefined;
  return { ...job, progress, ...(secondsLeft === undefined ? {} : { secondsLeft }), failures };
};

export const isActive = (job: Pick<Job, 'state'>) => job.state === 'planning' || job.state === 'running';
