import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { invokeLambda, type LambdaFunction } from './lambda-invoke';

// The one-machine stand-in for an EventBridge schedule rule and the asynchronous invocation it makes:
// every interval the handler gets the event EventBridge sends; a failed run is retried as Lambda retries
// an asynchronous invocation, and then handed to the failure sink (the stack's on-failure destination).

const LOCAL_ACCOUNT = '000000000000';
const LOCAL_REGION = 'local';

/** What Lambda sends an asynchronous invocation's on-failure destination. */
export type AsyncFailure = {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetriesExhausted';
    approximateInvokeCount: number;
  };
  requestPayload: ScheduledEvent;
  responsePayload: { errorMessage: string };
};

export type ScheduleOptions<Result> = {
  /** The rule's name, as the event's `resources` names it. */
  ruleName: string;
  functionName: string;
  handler: LambdaFunction<ScheduledEvent, Result>;
  intervalMinutes: number;
  timeoutSeconds: number;
  /** Lambda's retries of a failed asynchronous invocation (it makes them at once here, not minutes apart). */
  retryAttempts: number;
  onFailure: (failure: AsyncFailure) => void | Promise<void>;
  /** false: no timer, runs only by `runNow` (tests decide when the backstop runs). */
  timer?: boolean;
};

export type Schedule<Result> = {
  /** One run now, invoked synchronously: its result, or what it threw. */
  runNow(): Promise<Result>;
  /** Stops the timer; resolves once the runs it started have ended. */
  stop(): Promise<void>;
};

const scheduledEvent = (ruleName: string, now: Date): ScheduledEvent => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: LOCAL_ACCOUNT,
  // EventBridge names the minute the rule fired, without milliseconds.
  time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  region: LOCAL_REGION,
  resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${ruleName}`],
  detail: {},
});

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const startSchedule = <Result>(options: ScheduleOptions<Result>): Schedule<Result> => {
  const invoke = async (event: ScheduledEvent): Promise<Result> => {
    const outcome = await invokeLambda(options.handler, event, {
      functionName: options.functionName,
      timeoutSeconds: options.timeoutSeconds,
    });
    if (outcome.timedOut) throw new Error(`Task timed out after ${options.timeoutSeconds} seconds`);
    return outcome.value;
  };

  const runAsynchronously = async () => {
    const event = scheduledEvent(options.ruleName, new Date());
    let lastError: unknown;
    for (let invokeCount = 1; invokeCount <= options.retryAttempts + 1; invokeCount++) {
      try {
        await invoke(event);
        return;
      } catch (error) {
        lastError = error;
      }
    }
    await options.onFailure({
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId: randomUUID(),
        functionArn: options.functionName,
        condition: 'RetriesExhausted',
        approximateInvokeCount: options.retryAttempts + 1,
      },
      requestPayload: event,
      responsePayload: { errorMessage: messageOf(lastError) },
    });
  };

  const running = new Set<Promise<void>>();
  const tick = () => {
    const run = runAsynchronously().finally(() => running.delete(run));
    running.add(run);
  };
  const timer = options.timer === false ? undefined : setInterval(tick, options.intervalMinutes * 60_000);
  // The timer alone never keeps the process alive: whoever started it stops it.
  timer?.unref();

  return {
    runNow: () => invoke(scheduledEvent(options.ruleName, new Date())),
    stop: async () => {
      clearInterval(timer);
      await Promise.allSettled(running);
    },
  };
};
