import { NotFoundError } from '../errors';
import type { Issue } from '../issues/issue';
import type { User } from '../users/user';
import type { EntryDeps } from './create-issue-entry';
import { entryAudit } from './entry-audit';
import { getIssueEntry, deleteIssueEntry as removeIssueEntry } from './entry-item-writes';

export const deleteIssueEntry = async (
  deps: EntryDeps,
  input: { actor: User; issue: Issue | undefined; entryId: string },
): Promise<void> => {
  if (!input.issue) throw new NotFoundError('Issue');
  const entry = await getIssueEntry(deps.table, input.issue.id, input.entryId);
  if (!entry) throw new NotFoundError('Billable entry');
  await removeIssueEntry(deps, entry, entryAudit(input.actor, entry, 'billing.entry_deleted'));
};
