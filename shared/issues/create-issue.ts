import type { Table } from '../db/table';
import { ValidationError } from '../errors';
import type { User } from '../users/user';
import { getUser } from '../users/user-repository';
import type { CreateIssueInput, IssueView } from './issue';
import { insertIssue, nextIssueId } from './issue-repository';

export type CreateIssueDeps = { table: Table; now: () => Date };

export const createIssue = async (
  deps: CreateIssueDeps,
  input: { actor: User; fields: CreateIssueInput },
): Promise<IssueView> => {
  const requestor = await getUser(deps.table, input.fields.requestorId);
  if (!requestor) throw ValidationError.forField('requestorId', 'No user has this id');
  const at = deps.now().toISOString();
  const issue = {
    ...input.fields,
    id: await nextIssueId(deps.table),
    createdAt: at,
    updatedAt: at,
    createdBy: input.actor.id,
  };
  await insertIssue(deps.table, issue);
  return { ...issue, requestor: { id: requestor.id, name: requestor.name, email: requestor.email } };
};
