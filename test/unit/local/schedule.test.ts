import type { ScheduledEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AsyncFailure, startSchedule } from '../../../local/schedule';

const options = {
  ruleName: 'deskbooks-backstop',
  functionName: 'qbo-cdc',
  intervalMinutes: 15,
  timeoutSeconds: 300,
  retryAttempts: 1,
};

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-03-01T09:00:00.000Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('local schedule', () => {
  it('runs the handler every interval with the event EventBridge sends', async () => {
    const events: ScheduledEvent[] = [];
    const schedule = startSchedule({
      ...options,
      handler: async (event) => {
        events.push(event);
      },
      onFailure: () => undefined,
    });

    await vi.advanceTimersByTimeAsync(30 * 60_000);
    await schedule.stop();

    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      time: '2026-03-01T09:15:00Z',
      resources: [expect.stringMatching(/:rule\/deskbooks-backstop$/)],
      detail: {},
    });
  });

  it('runs nothing by itself when the timer is off, and runs now when asked', async () => {
    const handler = vi.fn(async () => ({ companies: 2, changes: 5 }));
    const schedule = startSchedule({ ...options, handler, onFailure: () => undefined, timer: false });

    await vi.advanceTimersByTimeAsync(60 * 60_000);
    const result = await schedule.runNow();
    await schedule.stop();

    expect(handler).toHaveBeenCalledTimes(1);
    expect(result).toEqual({ companies: 2, changes: 5 });
  });

  it('retries a failed run as Lambda retries an asynchronous invocation, then hands it to the failure sink', async () => {
    const failures: AsyncFailure[] = [];
    const handler = vi.fn(async () => {
      throw new Error('QuickBooks is unavailable');
    });
    const schedule = startSchedule({
      ...options,
      handler,
      onFailure: (failure) => void failures.push(failure),
    });

    await vi.advanceTimersByTimeAsync(15 * 60_000);
    await schedule.stop();

    expect(handler).toHaveBeenCalledTimes(options.retryAttempts + 1);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: options.retryAttempts + 1 },
      requestPayload: { 'detail-type': 'Scheduled Event' },
      responsePayload: { errorMessage: 'QuickBooks is unavailable' },
    });
  });

  it('counts a run past the timeout as failed', async () => {
    const schedule = startSchedule({
      ...options,
      handler: () => new Promise(() => undefined),
      onFailure: () => undefined,
      timer: false,
    });

    const run = schedule.runNow();
    const outcome = expect(run).rejects.toThrow(/timed out after 300 seconds/);
    await vi.advanceTimersByTimeAsync(300_000);

    await outcome;
  });
});
