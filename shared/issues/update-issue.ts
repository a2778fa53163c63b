import type { Table } from '../db/table';
import { NotFoundError, ValidationError } from '../errors';
import { getUser } from '../users/user-repository';
import type { IssueView, UpdateIssueInput } from './issue';
import { getIssue, saveIssue } from './issue-repository';
import { withRequestors } from './issue-view';

export type UpdateIssueDeps = { table: Table; now: () => Date };

export const updateIssue = async (
  deps: UpdateIssueDeps,
  input: { issueId: number; changes: UpdateIssueInput },
): Promise<IssueView> => {
  const before = await getIssue(deps.table, input.issueId);
  if (!before) throw new NotFoundError('Issue');
  if (input.changes.requestorId && input.changes.requestorId !== before.requestorId) {
    const requestor = await getUser(deps.table, input.changes.requestorId);
    if (!requestor) throw ValidationError.forField('requestorId', 'No user has this id');
  }
  const saved = await saveIssue(deps.table, before, {
    ...input.changes,
    updatedAt: deps.now().toISOString(),
  });
  const [view] = await withRequestors(deps.table, [saved]);
  return view ?? saved;
};
