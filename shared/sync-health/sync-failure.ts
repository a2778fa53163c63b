import { DomainError } from '../errors';
import type { SyncSubjectKind } from '../keys';
import { QboBusyError, QboFaultError, QboThrottledError } from '../qbo/qbo-errors';

/** What was synced with which company: a user as a customer (`subjectId` = user id) or an issue's invoice (issue id). */
export type SyncSubject = { kind: SyncSubjectKind; subjectId: string; realmId: string };

/** The last failed sync of one subject with one company; the next sync of it that succeeds deletes it. */
export type SyncFailure = SyncSubject & {
  id: string;
  failedAt: string;
  actorId: string;
  /** Deskbooks' error code, as the request that failed answered it. */
  code: string;
  /** What the request answered: QuickBooks' own words for a QuickBooks fault. */
  message: string;
  /** QuickBooks' reference for the request, for Intuit's support. */
  intuitTid?: string;
  qboFault?: { code: string; element?: string };
  companyName?: string;
};

export const SYNC_SUBJECT_KINDS = ['customer', 'invoice'] as const satisfies readonly SyncSubjectKind[];

/** The failure's id in URLs: `<kind>.<subjectId>.<realmId>` (none of them holds a dot). */
export const syncFailureId = (subject: SyncSubject) =>
  `${subject.kind}.${subject.subjectId}.${subject.realmId}`;

export const parseSyncFailureId = (id: string): SyncSubject | undefined => {
  const [kind, subjectId, realmId, ...rest] = id.split('.');
  if (!SYNC_SUBJECT_KINDS.some((known) => known === kind) || !subjectId || !realmId || rest.length)
    return undefined;
  return { kind: kind as SyncSubjectKind, subjectId, realmId };
};

const INTERNAL_MESSAGE = 'Something went wrong on our side. Try again later.';

// Not failures of the subject: a 429 says to slow down, and a held lease that another sync is on it.
const isNoFailure = (error: unknown) => error instanceof QboThrottledError || error instanceof QboBusyError;

const intuitTidOf = (error: unknown): string | undefined => {
  if (error instanceof QboFaultError) return error.intuitTid;
  const details =
    error instanceof DomainError ? (error.details as { intuitTid?: unknown } | undefined) : undefined;
  return typeof details?.intuitTid === 'string' ? details.intuitTid : undefined;
};

const qboFaultOf = (error: unknown): SyncFailure['qboFault'] => {
  const first = error instanceof QboFaultError ? error.faults[0] : undefined;
  if (!first) return undefined;
  return { code: first.code, ...(first.element ? { element: first.element } : {}) };
};

/**
 * What a failed sync leaves behind to retry, or undefined when the error is no failure of the
 * subject (QuickBooks asking to slow down, another request holding the lease).
 */
export const syncFailureOf = (
  subject: SyncSubject,
  input: { error: unknown; actorId: string; at: string; companyName?: string },
): SyncFailure | undefined => {
  if (isNoFailure(input.error)) return undefined;
  const { error } = input;
  const intuitTid = intuitTidOf(error);
  const qboFault = qboFaultOf(error);
  return {
    ...subject,
    id: syncFailureId(subject),
    failedAt: input.at,
    actorId: input.actorId,
    code: error instanceof DomainError ? error.code : 'internal_error',
    message: error instanceof DomainError ? error.message : INTERNAL_MESSAGE,
    ...(intuitTid ? { intuitTid } : {}),
    ...(qboFault ? { qboFault } : {}),
    ...(input.companyName ? { companyName: input.companyName } : {}),
  };
};
