import type { Table } from '../db/table';
import { ForbiddenError, NotFoundError } from '../errors';
import type { User } from '../users/user';
import type { Issue, IssueView } from './issue';
import { getIssue as readIssue } from './issue-repository';
import { withRequestors } from './issue-view';

/** The issue, if the actor may see it: staff see all, a customer only the issues they requested. */
export const visibleIssue = (actor: User, issue: Issue | undefined): Issue => {
  if (!issue) throw new NotFoundError('Issue');
  if (actor.role === 'customer' && issue.requestorId !== actor.id) {
    throw new ForbiddenError('You can only see issues you requested');
  }
  return issue;
};

/** Reads an issue the actor may see (see `visibleIssue`). */
export const readVisibleIssue = async (table: Table, actor: User, issueId: number): Promise<Issue> =>
  visibleIssue(actor, await readIssue(table, issueId));

export const getIssueView = async (
  deps: { table: Table },
  input: { actor: User; issueId: number },
): Promise<IssueView> => {
  const issue = await readVisibleIssue(deps.table, input.actor, input.issueId);
  const [view] = await withRequestors(deps.table, [issue]);
  return view ?? issue;
};
