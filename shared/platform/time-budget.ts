/**
 * The time one request may still spend, from the Lambda's own deadline. Every wait and every outbound
 * call (QBO attempts and backoff, lease and refresh waits) asks it, so the request ends with our own
 * answer, and its lease released, before Lambda or the gateway cuts it off.
 */
export type TimeBudget = {
  /** Milliseconds left; never negative. */
  remainingMs(): number;
  /** Aborts when the budget is spent: hand it to fetch and SDK calls. */
  readonly signal: AbortSignal;
};

/** Kept back from the Lambda's deadline: time to write the outcome, release the lease and answer. */
export const BUDGET_RESERVE_MS = 1_500;

export const timeBudget = (deadlineEpochMs: number, clock: () => number = Date.now): TimeBudget => {
  const controller = new AbortController();
  const left = () => Math.max(0, deadlineEpochMs - clock());
  const timer = setTimeout(() => controller.abort(new Error('time budget spent')), left());
  timer.unref?.();
  return { remainingMs: left, signal: controller.signal };
};

/** The budget of one Lambda invocation: its remaining time less the reserve. */
export const budgetFromLambda = (context: { getRemainingTimeInMillis(): number }): TimeBudget =>
  timeBudget(Date.now() + context.getRemainingTimeInMillis() - BUDGET_RESERVE_MS);
