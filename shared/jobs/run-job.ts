import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { readIssueWork } from '../billing/entry-repository';
import { displayNameCandidates } from '../customers/qbo-customer';
import { prefetchedCustomerDirectory } from '../customers/qbo-customer-api';
import { type CustomerSyncOutcome, syncUserToQbo } from '../customers/sync-user-to-qbo';
import type { Table } from '../db/table';
import { DomainError } from '../errors';
import { createIssueInvoice } from '../invoices/create-issue-invoice';
import { entriesToInvoice, issueInvoiceStates } from '../invoices/issue-invoice-record';
import { getIssue, listIssues } from '../issues/issue-repository';
import { jobItemKey, jobKey } from '../keys';
import type { TimeBudget } from '../platform/time-budget';
import { type QboApiDeps, type QboSession, qboSessionFor } from '../qbo/qbo-api-client';
import { coalescingSession } from '../qbo/qbo-batch';
import { getQboConnection } from '../qbo/qbo-connection-repository';
import { QboBusyError, QboThrottledError } from '../qbo/qbo-errors';
import { createRealmPacer, pacedSession } from '../qbo/realm-pacer';
import type { Settings } from '../settings/settings';
import { getSettings } from '../settings/settings-repository';
import type { User } from '../users/user';
import { getUser, getUsers, listUsers } from '../users/user-repository';
import type { Job, JobItem, SubjectOutcome, SubjectResult } from './job';
import {
  continueJobItem,
  getJobWithItems,
  insertJobItem,
  moveJob,
  recordSubjectResult,
} from './job-repository';

type JobItemRef = Pick<JobItem, 'jobId' | 'itemNumber'>;

export type JobWorkerDeps = QboApiDeps & { sleep?: (ms: number) => Promise<void> };

/** One QuickBooks batch: the subjects a worker takes together. */
export const ITEM_SIZE = 30;
const LIST_PAGE = 1000;
// The item's syncs run side by side and reach their writes milliseconds apart: gather them into a batch.
const WRITE_GATHER_QUIET_MS = 40;
const WRITE_GATHER_MAX_MS = 400;
const CUT_OFF_MS = 1_000;

const getJob = async (table: Table, jobId: string): Promise<Job | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({ TableName: table.name, Key: jobKey(jobId), ConsistentRead: true }),
  );
  return Item as Job | undefined;
};

const getJobItem = async (table: Table, item: JobItemRef): Promise<JobItem | undefined> => {
  const { Item } = await table.doc.send(
    new GetCommand({
      TableName: table.name,
      Key: jobItemKey(item.jobId, item.itemNumber),
      ConsistentRead: true,
    }),
  );
  return Item as JobItem | undefined;
};

const allPages = async <T>(read: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>) => {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
};

const subjectsOf = async (table: Table, job: Job): Promise<string[]> =>
  job.kind === 'sync-customers'
    ? (await allPages((cursor) => listUsers(table, { role: 'customer', limit: LIST_PAGE, cursor }))).map(
        (user) => user.id,
      )
    : (await allPages((cursor) => listIssues(table, { status: 'resolved', limit: LIST_PAGE, cursor }))).map(
        (issue) => String(issue.id),
      );

/** Ends a job whose every subject has a result (or is in an item that was skipped). */
const finishIfComplete = async (deps: { table: Table; now: () => Date }, jobId: string) => {
  const found = await getJobWithItems(deps.table, jobId);
  if (found?.job.state !== 'running') return;
  const finished = new Set(found.items.flatMap((item) => Object.keys(item.results)));
  if (finished.size >= (found.job.total ?? 0))
    await moveJob(deps.table, jobId, ['running'], 'done', { finishedAt: deps.now().toISOString() });
};

/** The job's first record: lists its subjects and writes them as items of 30, which wakes the workers. */
export const planJob = async (deps: { table: Table; now: () => Date }, jobId: string): Promise<void> => {
  const current = await getJob(deps.table, jobId);
  if (current?.state !== 'planning') return;
  const job = current;
  const subjects = await subjectsOf(deps.table, current);
  const items: JobItem[] = [];
  for (let start = 0; start < subjects.length; start += ITEM_SIZE)
    items.push({
      jobId: job.id,
      itemNumber: items.length + 1,
      subjects: subjects.slice(start, start + ITEM_SIZE),
      results: {},
    });
  for (let start = 0; start < items.length; start += 10)
    await Promise.all(items.slice(start, start + 10).map((item) => insertJobItem(deps.table, item)));
  const now = deps.now().toISOString();
  await moveJob(deps.table, job.id, ['planning'], items.length ? 'running' : 'done', {
    total: subjects.length,
    itemCount: items.length,
    startedAt: now,
    ...(items.length ? {} : { finishedAt: now }),
  });
  // Items worked while the job was still planning could not finish it.
  if (items.length) await finishIfComplete(deps, job.id);
};

/**
 * A reason to stop and continue later, not a failure of the subject: QuickBooks or the company's budget
 * says slow down, another sync holds the customer, or a table write timed out (it is tried again).
 */
const isPause = (error: unknown) =>
  error instanceof QboThrottledError ||
  error instanceof QboBusyError ||
  (!(error instanceof DomainError) &&
    error instanceof Error &&
    (error.name === 'AbortError' || error.name === 'TimeoutError'));

const failedResult = (error: unknown, at: string): SubjectResult =>
  error instanceof DomainError
    ? { outcome: 'failed', at, code: error.code, message: error.message }
    : { outcome: 'failed', at, code: 'internal_error', message: 'Something went wrong on our side' };

const CUSTOMER_OUTCOMES: Record<CustomerSyncOutcome, SubjectOutcome> = {
  created: 'created',
  recreated: 'created',
  linked: 'linked',
  relinked: 'linked',
  updated: 'updated',
  reactivated: 'updated',
};

type SubjectWork = (subjectId: string, budget: TimeBudget) => Promise<SubjectOutcome>;

type ItemContext = { deps: JobWorkerDeps; job: Job; actor: User; settings: Settings; qbo: QboSession };

/** Sync all customers: match by the stored link, email, then DisplayName (looked up for all at once). */
const customerWork = async (context: ItemContext, subjects: string[]): Promise<SubjectWork> => {
  const { deps, job, qbo } = context;
  const users = await getUsers(deps.table, subjects);
  const unlinked = [...users.values()].filter((user) => !user.qboCustomers?.[job.realmId]);
  const directory = await prefetchedCustomerDirectory(qbo, {
    emails: unlinked.map((user) => user.email),
    displayNames: unlinked.map((user) => displayNameCandidates(user)[0] ?? user.name),
  });
  return async (userId, budget) => {
    const user = users.get(userId);
    if (!user) return 'skipped';
    // Already linked with this company: the stored link is the match; nothing to create.
    if (user.qboCustomers?.[job.realmId]) return 'linked';
    const result = await syncUserToQbo(context.deps, {
      actor: context.actor,
      userId,
      settings: context.settings,
      connection: undefined,
      budget,
      bulk: { qbo, directory },
    });
    return CUSTOMER_OUTCOMES[result.outcome];
  };
};

/** Invoice resolved issues: those with billable work not yet on this company's current invoice. */
const invoiceWork =
  async (context: ItemContext): Promise<SubjectWork> =>
  async (issueId, budget) => {
    const { deps, job } = context;
    const issue = await getIssue(deps.table, Number(issueId), { consistent: true });
    if (issue?.status !== 'resolved') return 'skipped';
    const work = await readIssueWork(deps.table, issue.id, { consistent: true });
    const state = issueInvoiceStates(issue, work.invoices, work.entries).find(
      (s) => s.realmId === job.realmId,
    );
    const toInvoice = entriesToInvoice(work.entries, work.invoices, job.realmId);
    const needed = state ? state.outOfDate || state.newWorkToInvoice : toInvoice.length > 0;
    if (!needed) return 'skipped';
    const result = await createIssueInvoice(deps, {
      actor: context.actor,
      issue,
      settings: context.settings,
      connection: undefined,
      budget,
      bulk: { qbo: context.qbo },
    });
    return result.created ? 'created' : 'updated';
  };

/**
 * Works one item: each subject not done yet goes through the same service as its single button, on a
 * session that batches the writes (≤ 30 per call) and paces them inside the company's limits. What
 * QuickBooks' limits or a held lease put off goes to a continuation item (which wakes a worker again).
 */
export const runJobItem = async (
  deps: JobWorkerDeps,
  recorded: JobItemRef,
  budget: TimeBudget,
): Promise<void> => {
  const job = await getJob(deps.table, recorded.jobId);
  const item = await getJobItem(deps.table, recorded);
  if (!job || !item || item.continuedIn !== undefined) return;
  if (job.state === 'cancelled' || job.state === 'done') return;
  const pending = item.subjects.filter((subject) => !item.results[subject]);
  if (!pending.length) return finishIfComplete(deps, job.id);
  const record = (subjectId: string, result: SubjectResult) =>
    recordSubjectResult(deps.table, item, subjectId, result);

  const [actor, connection, settings] = await Promise.all([
    getUser(deps.table, job.actorId),
    getQboConnection(deps.table, job.actorId, { consistent: true }),
    getSettings(deps.table),
  ]);
  if (!actor || connection?.realmId !== job.realmId) {
    const at = deps.now().toISOString();
    const message = `The admin who started this is no longer connected to ${job.companyName}`;
    await Promise.all(
      pending.map((subject) =>
        record(subject, { outcome: 'failed', at, code: 'qbo_not_connected', message }),
      ),
    );
    return finishIfComplete(deps, job.id);
  }

  const pacer = createRealmPacer({ table: deps.table, now: deps.now, sleep: deps.sleep });
  const qbo = coalescingSession(pacedSession(qboSessionFor(deps, connection, budget), pacer, budget), {
    quietMs: WRITE_GATHER_QUIET_MS,
    maxWaitMs: WRITE_GATHER_MAX_MS,
  });
  const context: ItemContext = { deps, job, actor, settings, qbo };
  const later: string[] = [];
  try {
    const work =
      job.kind === 'sync-customers' ? await customerWork(context, pending) : await invoiceWork(context);
    await Promise.all(
      pending.map(async (subject) => {
        try {
          const outcome = await work(subject, budget);
          await record(subject, { outcome, at: deps.now().toISOString() });
        } catch (error) {
          // Cut off at the invocation's deadline, the subject is not failed: the next worker finishes it.
          if (isPause(error) || budget.remainingMs() < CUT_OFF_MS) later.push(subject);
          else {
            if (!(error instanceof DomainError)) deps.log.error('job subject failed', { error, subject });
            await record(subject, failedResult(error, deps.now().toISOString()));
          }
        }
      }),
    );
  } catch (error) {
    // The item's shared lookups were put off (throttled): all of it continues later.
    if (!isPause(error)) throw error;
    later.splice(0, later.length, ...pending);
  }
  if (later.length) await continueJobItem(deps.table, item, later.sort());
  else await finishIfComplete(deps, job.id);
};
