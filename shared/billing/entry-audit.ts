import type { AuditEvent } from '../audit/audit-event';
import type { User } from '../users/user';
import type { BillableEntry } from './billable-entry';
import { entryAmountCents } from './entry-amount';

/** Billable work goes on the trail of the issue it is billed on. */
export const issueEntriesSubject = (issueId: number) => `issue-entries:${issueId}`;

export const entryAudit = (
  actor: User,
  entry: BillableEntry,
  action: 'billing.entry_created' | 'billing.entry_updated' | 'billing.entry_deleted',
): Omit<AuditEvent, 'id' | 'at'> => ({
  subject: issueEntriesSubject(entry.issueId),
  actorId: actor.id,
  action,
  details: {
    entryId: entry.id,
    kind: entry.kind,
    amountCents: entryAmountCents(entry),
    billable: entry.billable,
  },
});
