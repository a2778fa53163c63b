import { DomainError } from '../errors';
import type { AuditEvent } from './audit-event';
import { type WriteAuditEventDeps, writeAuditEvent } from './write-audit-event';

/**
 * Runs an operation and writes its outcome to the audit trail either way: `succeeded` with the
 * details of the result, or `failed` with the error's code and message (never its internals).
 */
export const audited = async <T>(
  deps: WriteAuditEventDeps,
  event: Pick<AuditEvent, 'subject' | 'actorId'> & {
    succeeded: string;
    failed: string;
    details: Record<string, unknown>;
  },
  run: () => Promise<T>,
  describe: (result: T) => Record<string, unknown>,
): Promise<T> => {
  const { subject, actorId } = event;
  try {
    const result = await run();
    await writeAuditEvent(deps, {
      subject,
      actorId,
      action: event.succeeded,
      details: { ...event.details, ...describe(result) },
    });
    return result;
  } catch (error) {
    const failure =
      error instanceof DomainError
        ? { code: error.code, message: error.message }
        : { code: 'internal_error' };
    await writeAuditEvent(deps, {
      subject,
      actorId,
      action: event.failed,
      details: { ...event.details, error: failure },
    });
    throw error;
  }
};
