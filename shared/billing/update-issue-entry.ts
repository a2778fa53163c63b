import { ConflictError, type FieldIssues, NotFoundError, ValidationError } from '../errors';
import { entryBillingOf } from '../invoices/issue-invoice-record';
import type { Issue } from '../issues/issue';
import type { User } from '../users/user';
import {
  type BillableEntry,
  type BillableEntryView,
  toEntryView,
  type UpdateBillableEntryInput,
} from './billable-entry';
import type { EntryDeps } from './create-issue-entry';
import { entryAudit } from './entry-audit';
import { getIssueEntry, saveIssueEntry } from './entry-item-writes';
import { assertEntryUnlocked } from './entry-lock';
import {
  assertCatalogFits,
  assertEntryDateInRange,
  assertStaffWorker,
  readEntryReferences,
} from './entry-references';
import { readIssueInvoiceRecords } from './entry-repository';

// An entry keeps its kind: a change may only name the fields of that kind.
const FIELDS_OF_OTHER_KIND = {
  time: {
    quantity: 'A time entry has minutes, not a quantity',
    unitPrice: 'A time entry has a rate, not a unit price',
  },
  part: {
    minutes: 'A part entry has a quantity, not minutes',
    rate: 'A part entry has a unit price, not a rate',
    workedBy: 'A part entry has no worker',
  },
} as const;

const assertFieldsOfKind = (kind: BillableEntry['kind'], changes: UpdateBillableEntryInput) => {
  const issues: FieldIssues = {};
  for (const [field, why] of Object.entries(FIELDS_OF_OTHER_KIND[kind]))
    if (changes[field as keyof UpdateBillableEntryInput] !== undefined) issues[field] = [why];
  const [first] = Object.entries(issues);
  if (first) throw new ValidationError(issues, `${first[0]}: ${first[1][0]}`);
};

/** A new catalogue entry brings its own rate or unit price, unless the change sets one. */
const priced = (
  before: BillableEntry,
  changes: UpdateBillableEntryInput,
  catalogRateCents: number,
  catalogChanged: boolean,
): BillableEntry =>
  before.kind === 'time'
    ? {
        ...before,
        minutes: changes.minutes ?? before.minutes,
        rateCents: changes.rate ?? (catalogChanged ? catalogRateCents : before.rateCents),
        workedBy: changes.workedBy ?? before.workedBy,
      }
    : {
        ...before,
        quantityHundredths: changes.quantity ?? before.quantityHundredths,
        unitPriceCents: changes.unitPrice ?? (catalogChanged ? catalogRateCents : before.unitPriceCents),
      };

export const updateIssueEntry = async (
  deps: EntryDeps,
  input: { actor: User; issue: Issue | undefined; entryId: string; changes: UpdateBillableEntryInput },
): Promise<BillableEntryView> => {
  if (!input.issue) throw new NotFoundError('Issue');
  const { changes, actor } = input;
  const [before, invoices] = await Promise.all([
    getIssueEntry(deps.table, input.issue.id, input.entryId),
    readIssueInvoiceRecords(deps.table, input.issue.id),
  ]);
  if (!before) throw new NotFoundError('Billable entry');
  assertEntryUnlocked(invoices, before.id);
  if (changes.version !== before.version)
    throw new ConflictError('This billable entry was changed by someone else; reload and try again');
  assertFieldsOfKind(before.kind, changes);
  const now = deps.now();
  if (changes.date) assertEntryDateInRange(changes.date, now);
  const catalogId = changes.catalogId ?? before.catalogId;
  const references = await readEntryReferences(deps.table, {
    catalogId,
    workedBy: before.kind === 'time' ? (changes.workedBy ?? before.workedBy) : undefined,
    actor,
  });
  // Only what the change names is checked: an entry stays editable if its catalogue entry or worker changed since.
  const catalogItem =
    catalogId !== before.catalogId
      ? assertCatalogFits(before.kind, references.catalogItem)
      : references.catalogItem;
  const worker = changes.workedBy ? assertStaffWorker(references.worker) : references.worker;
  const after: BillableEntry = {
    ...priced(before, changes, catalogItem?.rateCents ?? 0, catalogId !== before.catalogId),
    catalogId,
    date: changes.date ?? before.date,
    description: changes.description ?? before.description,
    billable: changes.billable ?? before.billable,
    updatedAt: now.toISOString(),
    version: before.version + 1,
  };
  await saveIssueEntry(deps, before, after, entryAudit(actor, after, 'billing.entry_updated'));
  return toEntryView(
    after,
    { catalogName: () => catalogItem?.name ?? '', userName: () => worker?.name ?? '' },
    entryBillingOf(invoices, after),
  );
};
