import {
  CDC_ASYNC_RETRY_ATTEMPTS,
  QBO_EVENTS_SOURCE,
  QBO_JOBS_SOURCE,
  TASK_TIMEOUT_SECONDS,
} from '../shared/event-sources';
import { type AsyncFailure, startSchedule } from './schedule';
import type { DeadLetter } from './stream-event';
import { startStreamPoller } from './stream-poller';

export type EventPipelineOptions = {
  /** DynamoDB Local. */
  endpoint: string;
  tableName: string;
  cdcIntervalMinutes: number;
  /** false: the backstop runs only when asked (`schedule.runNow()`). */
  timer: boolean;
  pollIntervalMs?: number;
  /** Where the stream positions are kept (the jobs worker's beside it, with `.jobs` added). */
  checkpointFile?: string;
  /** The workers' records that failed past the retries (the stack's SQS dead-letter queue). */
  workerDeadLetters: (letter: DeadLetter) => void | Promise<void>;
  /** Backstop runs that failed past Lambda's retries (the stack's on-failure destination). */
  backstopFailures: (failure: AsyncFailure) => void | Promise<void>;
};

/**
 * What the stack's event sources do, on one machine: the table's stream drives the `qbo-events` and
 * `qbo-jobs` workers (as their event source mappings do, each reading the stream on its own) and a timer starts the `qbo-cdc` backstop (as the EventBridge rule
 * does), with the stack's own settings. Import it once the handlers' environment is set.
 */
export const startEventPipeline = async (options: EventPipelineOptions) => {
  const { handler: worker } = await import('../functions/qbo-events/handler');
  const { handler: backstop } = await import('../functions/qbo-cdc/handler');
  const { handler: jobsWorker } = await import('../functions/qbo-jobs/handler');
  const poller = await startStreamPoller({
    endpoint: options.endpoint,
    tableName: options.tableName,
    functionName: 'qbo-events',
    handler: worker,
    source: QBO_EVENTS_SOURCE,
    timeoutSeconds: TASK_TIMEOUT_SECONDS['qbo-events'],
    deadLetters: options.workerDeadLetters,
    pollIntervalMs: options.pollIntervalMs,
    checkpointFile: options.checkpointFile,
  });
  const jobsPoller = await startStreamPoller({
    endpoint: options.endpoint,
    tableName: options.tableName,
    functionName: 'qbo-jobs',
    handler: jobsWorker,
    source: QBO_JOBS_SOURCE,
    timeoutSeconds: TASK_TIMEOUT_SECONDS['qbo-jobs'],
    deadLetters: options.workerDeadLetters,
    pollIntervalMs: options.pollIntervalMs,
    checkpointFile: options.checkpointFile && `${options.checkpointFile}.jobs`,
  });
  const schedule = startSchedule({
    ruleName: 'qbo-cdc-backstop',
    functionName: 'qbo-cdc',
    handler: backstop,
    intervalMinutes: options.cdcIntervalMinutes,
    timeoutSeconds: TASK_TIMEOUT_SECONDS['qbo-cdc'],
    retryAttempts: CDC_ASYNC_RETRY_ATTEMPTS,
    onFailure: options.backstopFailures,
    timer: options.timer,
  });
  return {
    poller,
    jobsPoller,
    schedule,
    stop: async () => {
      await Promise.all([poller.stop(), jobsPoller.stop(), schedule.stop()]);
    },
  };
};

export type EventPipeline = Awaited<ReturnType<typeof startEventPipeline>>;
