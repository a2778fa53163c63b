import { describe, expect, it } from 'vitest';
import type { Job } from '../../../../web/src/api/types';
import {
  isJobActive,
  jobCounts,
  jobPercent,
  jobSubject,
  runningJobId,
  timeLeftText,
} from '../../../../web/src/lib/jobs';

const progress = (overrides: Partial<Job['progress']> = {}): Job['progress'] => ({
  total: 30,
  done: 12,
  created: 7,
  linked: 4,
  updated: 0,
  skipped: 0,
  failed: 1,
  ...overrides,
});

describe('the bulk job progress bar', () => {
  it.each([
    ['planning', true],
    ['running', true],
    ['done', false],
    ['cancelled', false],
  ] as const)('keeps asking while the job is %s: %s', (state, active) => {
    expect(isJobActive({ state })).toBe(active);
  });

  it('shows whole percents, never 100 before the last subject', () => {
    expect(jobPercent({ state: 'running', progress: progress({ done: 12 }) })).toBe(40);
    expect(jobPercent({ state: 'running', progress: progress({ total: 300, done: 299 }) })).toBe(99);
  });

  it('shows 0 % while planning and 100 % for a job that had nothing to do', () => {
    expect(jobPercent({ state: 'planning', progress: progress({ total: 0, done: 0 }) })).toBe(0);
    expect(jobPercent({ state: 'done', progress: progress({ total: 0, done: 0 }) })).toBe(100);
  });

  it('names updated and skipped only when there are any', () => {
    expect(jobCounts(progress())).toEqual(['Created: 7', 'Linked: 4', 'Failed: 1']);
    expect(jobCounts(progress({ updated: 2, skipped: 3 }))).toEqual([
      'Created: 7',
      'Linked: 4',
      'Updated: 2',
      'Skipped: 3',
      'Failed: 1',
    ]);
  });

  it.each([
    [undefined, undefined],
    [20, 'Less than a minute left'],
    [60, 'About 1 min left'],
    [61, 'About 2 min left'],
    [600, 'About 10 min left'],
  ])('says how long is left for %s seconds: %s', (seconds, text) => {
    expect(timeLeftText(seconds)).toBe(text);
  });

  it('links a failure to the user or the issue it was about', () => {
    expect(jobSubject('sync-customers', 'u-1')).toEqual({ label: 'User u-1', path: '/users/u-1' });
    expect(jobSubject('invoice-issues', '42')).toEqual({ label: 'Issue #42', path: '/issues/42' });
  });

  it('reads the running job out of a 409 "already running"', () => {
    expect(runningJobId({ jobId: 'j-1' })).toBe('j-1');
    expect(runningJobId(undefined)).toBeUndefined();
    expect(runningJobId({ jobId: 7 })).toBeUndefined();
  });
});
