import type { AuditEvent } from '../audit/audit-event';
import { UNKNOWN_ACCOUNT_SUBJECT } from '../auth/sign-in';
import { queryPage } from '../db/query-page';
import type { Table } from '../db/table';
import { SECURITY_ACTIVITY_PARTITION, withoutKeys } from '../keys';
import { getUsers } from '../users/user-repository';
import { deviceNameOf } from './device-name';

/** A line of Security → Activity: the event, whose account it was and who did it, by name. */
export type SecurityActivityView = AuditEvent & {
  subjectName?: string;
  actorName?: string;
  /** From the event's user agent, when it has one. */
  device?: string;
};

/** Every account's security events, newest first: one Query per page and one read of the names. */
export const listSecurityActivity = async (
  deps: { table: Table },
  input: { limit: number; cursor?: string },
): Promise<{ items: SecurityActivityView[]; nextCursor?: string }> => {
  const { rows, nextCursor } = await queryPage(deps.table, {
    indexName: 'GSI2',
    partition: SECURITY_ACTIVITY_PARTITION,
    newestFirst: true,
    limit: input.limit,
    cursor: input.cursor,
  });
  const events = rows.map((row) => withoutKeys(row) as AuditEvent);
  const userIds = events
    .flatMap((event) => [event.subject, event.actorId])
    .filter((id) => id !== UNKNOWN_ACCOUNT_SUBJECT);
  const users = await getUsers(deps.table, [...new Set(userIds)]);
  const items = events.map((event): SecurityActivityView => {
    const userAgent = event.details?.userAgent;
    return {
      ...event,
      ...(users.get(event.subject) ? { subjectName: users.get(event.subject)?.name } : {}),
      ...(users.get(event.actorId) ? { actorName: users.get(event.actorId)?.name } : {}),
      ...(typeof userAgent === 'string' ? { device: deviceNameOf(userAgent) } : {}),
    };
  });
  return { items, ...(nextCursor ? { nextCursor } : {}) };
};
