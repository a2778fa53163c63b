import type { Table } from '../db/table';
import type { User } from '../users/user';
import type { IssueStatus, IssueView } from './issue';
import { listIssues as queryIssues } from './issue-repository';
import { withRequestors } from './issue-view';

export const listIssues = async (
  deps: { table: Table },
  input: { actor: User; status?: IssueStatus; limit: number; cursor?: string },
): Promise<{ items: IssueView[]; nextCursor?: string }> => {
  const page = await queryIssues(deps.table, {
    status: input.status,
    limit: input.limit,
    cursor: input.cursor,
    // Customers only ever list the issues they requested.
    requestorId: input.actor.role === 'customer' ? input.actor.id : undefined,
  });
  return { items: await withRequestors(deps.table, page.items), nextCursor: page.nextCursor };
};
