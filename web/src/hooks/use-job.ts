import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, cancelJob, getJob, getLatestJob, startJob } from '../api/client';
import type { Job, JobKind } from '../api/types';
import { isJobActive, JOB_POLL_AFTER_ERROR_MS, JOB_POLL_MS, runningJobId } from '../lib/jobs';
import { qboProblem } from '../lib/qbo';
import { useAsync } from './use-async';
import { forgetQboConnection } from './use-qbo-connection';

const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

/**
 * A bulk job of one kind as its progress bar needs it: the newest one on arrival (so the bar survives a
 * reload), read again about once a second while it plans or runs, and "start" / "cancel".
 */
export const useJob = (kind: JobKind) => {
  const latest = useAsync((signal) => getLatestJob(kind, { signal }), [kind]);
  const [job, setJob] = useState<Job | undefined>(undefined);
  const [pollError, setPollError] = useState<unknown>(undefined);
  const [pollAttempt, setPollAttempt] = useState(0);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [pending, setPending] = useState<'start' | 'cancel' | undefined>(undefined);
  const [alreadyRunning, setAlreadyRunning] = useState(false);
  // State updates land after the next render; a ref stops a second click in between.
  const inFlight = useRef(false);

  useEffect(() => {
    if (latest.data) setJob(latest.data.job);
  }, [latest.data]);

  useEffect(() => {
    if (!job || !isJobActive(job)) return;
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        getJob(job.id, { signal: controller.signal }).then(
          (next) => {
            setPollError(undefined);
            setJob(next);
          },
          (failure: unknown) => {
            if (controller.signal.aborted || isAbort(failure)) return;
            setPollError(failure);
            setPollAttempt((n) => n + 1);
          },
        ),
      pollError ? JOB_POLL_AFTER_ERROR_MS : JOB_POLL_MS,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [job, pollAttempt]);

  const run = async (which: 'start' | 'cancel', action: () => Promise<Job>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setPending(which);
    setActionError(undefined);
    setAlreadyRunning(false);
    try {
      setJob(await action());
    } catch (failure) {
      const running = failure instanceof ApiError ? runningJobId(failure.details) : undefined;
      if (which === 'start' && running) {
        // One of this kind is already running (another admin, another tab): follow that one.
        setAlreadyRunning(true);
        setJob(await getJob(running).catch(() => job));
      } else {
        if (qboProblem(failure) === 'not_connected') forgetQboConnection();
        setActionError(failure);
      }
    } finally {
      inFlight.current = false;
      setPending(undefined);
    }
  };

  return {
    job,
    loading: latest.loading && !job,
    loadError: latest.error,
    reload: latest.reload,
    pollError,
    actionError,
    alreadyRunning,
    pending,
    start: () => run('start', () => startJob(kind)),
    cancel: () => {
      if (job) void run('cancel', () => cancelJob(job.id));
    },
  };
};
