import type { CreateBillableEntryInput } from '../../shared/billing/billable-entry';
import { listCatalog } from '../../shared/billing/list-catalog';
import { listIssueEntries } from '../../shared/billing/list-issue-entries';
import { apiHandler } from '../../shared/http/api-handler';
import { parseInput } from '../../shared/http/parse-input';
import { CatalogItemPathSchema, IssueEntryPathSchema, IssuePathSchema } from '../../shared/http/path-params';
import { runtime } from '../../shared/runtime';

// The reads answer from what a cold start loads; the writes' code (schemas, services) loads with the
// first write of each kind, so the everyday reads of the issue page do not carry it.
const catalogAdmin = () => import('../../shared/billing/catalog-admin');
const entryWrites = () => import('../../shared/billing/entry-writes');

const parseNewEntry = async (body: unknown): Promise<CreateBillableEntryInput> => {
  const { EntryKindSchema, CreateTimeEntrySchema, CreatePartEntrySchema } = await entryWrites();
  const { kind } = parseInput(EntryKindSchema, body);
  return kind === 'time'
    ? { kind, ...parseInput(CreateTimeEntrySchema, body) }
    : { kind, ...parseInput(CreatePartEntrySchema, body) };
};

// The issue of an /api/issues/{id}/entries route comes with the sign-in gate's read (`preload`).
export const handler = apiHandler(runtime, {
  'GET /api/catalog': async () => ({ status: 200, body: await listCatalog(runtime) }),
  'POST /api/catalog': async ({ body, user }) => {
    const { CreateCatalogItemSchema, createCatalogItem } = await catalogAdmin();
    const fields = parseInput(CreateCatalogItemSchema, body);
    return { status: 201, body: await createCatalogItem(runtime, { actor: user, fields }) };
  },
  'PATCH /api/catalog/{id}': async ({ event, body, user }) => {
    const { id } = parseInput(CatalogItemPathSchema, event.pathParameters, 'id');
    const { UpdateCatalogItemSchema, updateCatalogItem } = await catalogAdmin();
    const changes = parseInput(UpdateCatalogItemSchema, body);
    return { status: 200, body: await updateCatalogItem(runtime, { actor: user, itemId: id, changes }) };
  },

  'GET /api/issues/{id}/entries': async ({ event, user, issue }) => {
    parseInput(IssuePathSchema, event.pathParameters, 'id');
    return { status: 200, body: await listIssueEntries(runtime, { actor: user, issue }) };
  },
  'POST /api/issues/{id}/entries': async ({ event, body, user, issue }) => {
    parseInput(IssuePathSchema, event.pathParameters, 'id');
    const fields = await parseNewEntry(body);
    const { createIssueEntry } = await entryWrites();
    return { status: 201, body: await createIssueEntry(runtime, { actor: user, issue, fields }) };
  },
  'PATCH /api/issues/{id}/entries/{entryId}': async ({ event, body, user, issue }) => {
    const { entryId } = parseInput(IssueEntryPathSchema, event.pathParameters, 'id');
    const { UpdateBillableEntrySchema, updateIssueEntry } = await entryWrites();
    const changes = parseInput(UpdateBillableEntrySchema, body);
    return { status: 200, body: await updateIssueEntry(runtime, { actor: user, issue, entryId, changes }) };
  },
  'DELETE /api/issues/{id}/entries/{entryId}': async ({ event, user, issue }) => {
    const { entryId } = parseInput(IssueEntryPathSchema, event.pathParameters, 'id');
    const { deleteIssueEntry } = await entryWrites();
    await deleteIssueEntry(runtime, { actor: user, issue, entryId });
    return { status: 204 };
  },
});
