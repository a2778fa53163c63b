import type { Table } from '../db/table';
import { getUsers } from '../users/user-repository';
import type { Issue, IssueView } from './issue';

/** Adds each issue's requestor (name and email) with a single BatchGetItem for the whole page. */
export const withRequestors = async (table: Table, issues: Issue[]): Promise<IssueView[]> => {
  if (issues.length === 0) return [];
  const users = await getUsers(
    table,
    issues.map((issue) => issue.requestorId),
  );
  return issues.map((issue) => {
    const requestor = users.get(issue.requestorId);
    return requestor
      ? { ...issue, requestor: { id: requestor.id, name: requestor.name, email: requestor.email } }
      : issue;
  });
};
