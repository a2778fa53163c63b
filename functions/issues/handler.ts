import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { IssuePathSchema } from '../../shared/http/path-params';
import { createIssue } from '../../shared/issues/create-issue';
import { getIssueView } from '../../shared/issues/get-issue-view';
import { CreateIssueSchema, UpdateIssueSchema } from '../../shared/issues/issue';
import { listIssues } from '../../shared/issues/list-issues';
import { ListIssuesQuerySchema } from '../../shared/issues/list-issues-query';
import { updateIssue } from '../../shared/issues/update-issue';
import { runtime } from '../../shared/runtime';

export const handler = apiHandler(runtime, {
  'GET /api/issues': async ({ event, user }) => {
    const query = parseInput(ListIssuesQuerySchema, event.queryStringParameters, 'query');
    return { status: 200, body: await listIssues(runtime, { actor: user, ...query }) };
  },
  'POST /api/issues': async ({ body, user }) => ({
    status: 201,
    body: await createIssue(runtime, { actor: user, fields: parseInput(CreateIssueSchema, body) }),
  }),
  'GET /api/issues/{id}': async ({ event, user }) => {
    const { id } = parseInput(IssuePathSchema, event.pathParameters, 'id');
    return { status: 200, body: await getIssueView(runtime, { actor: user, issueId: id }) };
  },
  'PATCH /api/issues/{id}': async ({ event, body }) => {
    const { id } = parseInput(IssuePathSchema, event.pathParameters, 'id');
    const changes = parseInput(UpdateIssueSchema, body);
    return { status: 200, body: await updateIssue(runtime, { issueId: id, changes }) };
  },
});
