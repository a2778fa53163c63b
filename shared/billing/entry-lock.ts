import { ConflictError } from '../errors';
import { type IssueInvoiceRecord, lockedReasonOf, paidInvoiceOf } from '../invoices/issue-invoice-record';

/** An entry on a paid invoice can no longer change: the money for it has come in. */
export const assertEntryUnlocked = (invoices: readonly IssueInvoiceRecord[], entryId: string) => {
  const paid = paidInvoiceOf(invoices, entryId);
  if (paid) throw new ConflictError(lockedReasonOf(paid), { locked: true, invoiceId: paid.invoiceId });
};
