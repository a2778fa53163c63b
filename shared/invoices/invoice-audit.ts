/** The audit trail of an issue's invoices: syncs, failures and sends. */
export const invoiceSubject = (issueId: number) => `qbo-invoice:${issueId}`;
