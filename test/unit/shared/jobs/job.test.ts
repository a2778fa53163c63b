import { describe, expect, it } from 'vitest';
import { type Job, type JobItem, jobViewOf } from '../../../../shared/jobs/job';

const job = (fields: Partial<Job> = {}): Job => ({
  id: 'b1c7a3f2-0000-4000-8000-000000000001',
  kind: 'sync-customers',
  realmId: '9341450000000001',
  companyName: 'Sandbox Company US 1',
  actorId: 'admin',
  state: 'running',
  createdAt: '2026-12-02T10:00:00.000Z',
  startedAt: '2026-12-02T10:00:00.000Z',
  total: 6,
  itemCount: 2,
  ...fields,
});
const at = (second: number) => `2026-12-02T10:00:${String(second).padStart(2, '0')}.000Z`;

const items: JobItem[] = [
  {
    jobId: 'b1c7a3f2-0000-4000-8000-000000000001',
    itemNumber: 1,
    subjects: ['a', 'b', 'c'],
    results: {
      a: { outcome: 'created', at: at(5) },
      b: { outcome: 'failed', at: at(6), code: 'qbo_error', message: 'Email Address does not conform' },
    },
    continuedIn: 3,
  },
  {
    jobId: 'b1c7a3f2-0000-4000-8000-000000000001',
    itemNumber: 3,
    subjects: ['c'],
    results: { c: { outcome: 'linked', at: at(9) } },
  },
  { jobId: 'b1c7a3f2-0000-4000-8000-000000000001', itemNumber: 2, subjects: ['d', 'e', 'f'], results: {} },
];

describe('a job as its progress bar shows it', () => {
  it('counts each subject once, across an item and its continuation', () => {
    const view = jobViewOf(job(), items, new Date(at(10)));

    expect(view.progress).toEqual({
      total: 6,
      done: 3,
      created: 1,
      linked: 1,
      updated: 0,
      skipped: 0,
      failed: 1,
    });
  });

  it('estimates the time left from the pace so far, while running', () => {
    // 3 done in 10 s: 3 more take about 10 s.
    expect(jobViewOf(job(), items, new Date(at(10))).secondsLeft).toBe(10);
    expect(jobViewOf(job({ state: 'cancelled' }), items, new Date(at(10))).secondsLeft).toBeUndefined();
    expect(jobViewOf(job(), [], new Date(at(10))).secondsLeft).toBeUndefined();
  });

  it('lists the failures with their reasons, newest first', () => {
    expect(jobViewOf(job(), items, new Date(at(10))).failures).toEqual([
      { subjectId: 'b', code: 'qbo_error', message: 'Email Address does not conform', at: at(6) },
    ]);
  });
});
