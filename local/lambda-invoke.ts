import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export type LambdaFunction<Event, Result> = (event: Event, context: Context) => Promise<Result>;

export type LambdaOutcome<Result> = { timedOut: false; value: Result } | { timedOut: true };

const lambdaContext = (functionName: string, requestId: string, deadline: number): Context =>
  ({
    functionName,
    awsRequestId: requestId,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: false,
  }) as Context;

/**
 * Runs a handler as Lambda would: its context counts down from now to the function's timeout, and a
 * handler that has not answered by then has timed out. (Lambda would also stop it; here it runs on in
 * the background and its late answer is dropped.) What the handler throws, this throws.
 */
export const invokeLambda = async <Event, Result>(
  handler: LambdaFunction<Event, Result>,
  event: Event,
  options: { functionName: string; timeoutSeconds: number; requestId?: string },
): Promise<LambdaOutcome<Result>> => {
  const timeoutMs = options.timeoutSeconds * 1000;
  const context = lambdaContext(
    options.functionName,
    options.requestId ?? randomUUID(),
    Date.now() + timeoutMs,
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<LambdaOutcome<Result>>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout({ timedOut: true }), timeoutMs);
  });
  try {
    const answered = handler(event, context).then(
      (value): LambdaOutcome<Result> => ({ timedOut: false, value }),
    );
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
};
