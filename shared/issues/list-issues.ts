import type { Table } from '../db/table';
import { billingFilter } from '../invoices/billing-filter';
import { type BillingState, billingStateOf } from '../invoices/invoice-snapshot';
import { companyToday } from '../invoices/qbo-invoice';
import type { User } from '../users/user';
import type { IssueStatus, IssueView } from './issue';
import { listIssues as queryIssues } from './issue-repository';
import { withRequestors } from './issue-view';

export type IssueListItem = IssueView & { billingState: BillingState };

/** Newest first; `billing` keeps the issues whose latest invoice is in that state (as last seen in QuickBooks). */
export const listIssues = async (
  deps: { table: Table; now: () => Date },
  input: { actor: User; status?: IssueStatus; billing?: BillingState; limit: number; cursor?: string },
): Promise<{ items: IssueListItem[]; nextCursor?: string }> => {
  const today = companyToday(deps.now());
  const page = await queryIssues(deps.table, {
    status: input.status,
    ...(input.billing ? { billing: billingFilter(input.billing, today, 'billing') } : {}),
    limit: input.limit,
    cursor: input.cursor,
    // Customers only ever list the issues they requested.
    requestorId: input.actor.role === 'customer' ? input.actor.id : undefined,
  });
  const items = await withRequestors(deps.table, page.items);
  return {
    items: items.map((issue) => ({ ...issue, billingState: billingStateOf(issue.billing, today) })),
    nextCursor: page.nextCursor,
  };
};
