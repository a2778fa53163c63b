import { NotFoundError } from '../errors';
import type { Issue } from '../issues/issue';
import type { User } from '../users/user';
import type { EntryDeps } from './create-issue-entry';
import { entryAudit } from './entry-audit';
import { getIssueEntry, deleteIssueEntry as removeIssueEntry } from './entry-item-writes';
import { assertEntryUnlocked } from './entry-lock';
import { readIssueInvoiceRecords } from './entry-repository';

export const deleteIssueEntry = async (
  deps: EntryDeps,
  input: { actor: User; issue: Issue | undefined; entryId: string },
): Promise<void> => {
  if (!input.issue) throw new NotFoundError('Issue');
  const [entry, invoices] = await Promise.all([
    getIssueEntry(deps.table, input.issue.id, input.entryId),
    readIssueInvoiceRecords(deps.table, input.issue.id),
  ]);
  if (!entry) throw new NotFoundError('Billable entry');
  assertEntryUnlocked(invoices, entry.id);
  await removeIssueEntry(deps, entry, entryAudit(input.actor, entry, 'billing.entry_deleted'));
};
