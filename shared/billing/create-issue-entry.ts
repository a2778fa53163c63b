import type { Table } from '../db/table';
import { NotFoundError } from '../errors';
import type { Issue } from '../issues/issue';
import { createUlidGenerator } from '../ulid';
import type { User } from '../users/user';
import {
  type BillableEntry,
  type BillableEntryView,
  type CreateBillableEntryInput,
  toEntryView,
} from './billable-entry';
import { entryAudit } from './entry-audit';
import { insertIssueEntry } from './entry-item-writes';
import {
  assertCatalogFits,
  assertEntryDateInRange,
  assertStaffWorker,
  readEntryReferences,
} from './entry-references';

export type EntryDeps = { table: Table; now: () => Date };

// One generator per cold start, so ids made in the same millisecond still sort in creation order.
const nextEntryId = createUlidGenerator();

export const createIssueEntry = async (
  deps: EntryDeps,
  input: { actor: User; issue: Issue | undefined; fields: CreateBillableEntryInput },
): Promise<BillableEntryView> => {
  if (!input.issue) throw new NotFoundError('Issue');
  const { fields, actor } = input;
  const now = deps.now();
  assertEntryDateInRange(fields.date, now);
  const workedBy = fields.kind === 'time' ? (fields.workedBy ?? actor.id) : undefined;
  const references = await readEntryReferences(deps.table, { catalogId: fields.catalogId, workedBy, actor });
  const catalogItem = assertCatalogFits(fields.kind, references.catalogItem);
  const worker = workedBy ? assertStaffWorker(references.worker) : undefined;
  const at = now.toISOString();
  const common = {
    id: nextEntryId(now),
    issueId: input.issue.id,
    catalogId: catalogItem.id,
    date: fields.date,
    description: fields.description,
    billable: fields.billable,
    createdBy: actor.id,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const entry: BillableEntry =
    fields.kind === 'time'
      ? {
          ...common,
          kind: 'time',
          minutes: fields.minutes,
          rateCents: fields.rate ?? catalogItem.rateCents,
          workedBy: worker?.id ?? actor.id,
        }
      : {
          ...common,
          kind: 'part',
          quantityHundredths: fields.quantity,
          unitPriceCents: fields.unitPrice ?? catalogItem.rateCents,
        };
  await insertIssueEntry(deps, entry, entryAudit(actor, entry, 'billing.entry_created'));
  return toEntryView(entry, { catalogName: () => catalogItem.name, userName: () => worker?.name ?? '' });
};
