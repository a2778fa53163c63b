// Recording billable work: the billing handler loads this module with the first write, so a cold
// start for the reads (the issue page, the catalogue) does not carry it.
export {
  CreatePartEntrySchema,
  CreateTimeEntrySchema,
  EntryKindSchema,
  UpdateBillableEntrySchema,
} from './billable-entry-input';
export { createIssueEntry } from './create-issue-entry';
export { deleteIssueEntry } from './delete-issue-entry';
export { updateIssueEntry } from './update-issue-entry';
