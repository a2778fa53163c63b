import { randomUUID } from 'node:crypto';
import type { Table } from '../db/table';
import { ConflictError, NotFoundError } from '../errors';
import { assertUsableConnection } from '../qbo/qbo-access-token';
import type { QboConnection } from '../qbo/qbo-connection';
import { assertQboToggleOn } from '../qbo/qbo-errors';
import type { Settings } from '../settings/settings';
import type { User } from '../users/user';
import { isActive, type Job, type JobKind, type JobView, jobViewOf } from './job';
import { getJobWithItems, insertJob, latestJob, moveJob } from './job-repository';

export type JobDeps = { table: Table; now: () => Date };

const TOGGLE_OF = { 'sync-customers': 'syncUser', 'invoice-issues': 'syncInvoice' } as const;

/**
 * POST /api/jobs: records the job and answers at once; the table's stream hands it to the jobs worker,
 * which lists its subjects and works them through the admin's QuickBooks connection.
 */
export const startJob = async (
  deps: JobDeps,
  input: { actor: User; kind: JobKind; settings: Settings; connection: QboConnection | undefined },
): Promise<JobView> => {
  assertQboToggleOn(input.settings, TOGGLE_OF[input.kind]);
  const connection = assertUsableConnection(input.connection);
  const latest = await latestJob(deps.table, input.kind);
  if (latest && isActive(latest))
    throw new ConflictError('This is already running: follow it, or cancel it first', { jobId: latest.id });
  const job: Job = {
    id: randomUUID(),
    kind: input.kind,
    realmId: connection.realmId,
    companyName: connection.companyName,
    actorId: input.actor.id,
    state: 'planning',
    createdAt: deps.now().toISOString(),
  };
  await insertJob(deps.table, job);
  return jobViewOf(job, [], deps.now());
};

export const getJobView = async (deps: JobDeps, jobId: string): Promise<JobView> => {
  const found = await getJobWithItems(deps.table, jobId);
  if (!found) throw new NotFoundError('Job');
  return jobViewOf(found.job, found.items, deps.now());
};

/** GET /api/jobs?kind=…: the newest job of the kind (running or last finished), or none. */
export const getLatestJobView = async (deps: JobDeps, kind: JobKind): Promise<{ job?: JobView }> => {
  const latest = await latestJob(deps.table, kind);
  return latest ? { job: await getJobView(deps, latest.id) } : {};
};

/** Stops a job: items not started are skipped; a subject already being synced finishes. */
export const cancelJob = async (deps: JobDeps, jobId: string): Promise<JobView> => {
  const now = deps.now().toISOString();
  const moved = await moveJob(deps.table, jobId, ['planning', 'running'], 'cancelled', {
    cancelledAt: now,
    finishedAt: now,
  });
  const view = await getJobView(deps, jobId);
  if (!moved && view.state !== 'cancelled') throw new ConflictError('This job has already finished');
  return view;
};
