import type { Issue } from '../api/types';

export type IssueQboPanelProps = { issue: Issue };

/**
 * Slot for the issue page's QuickBooks section (DESIGN §1 "Issue page"): "Logged into QBO",
 * "Invoices for this issue" (loaded asynchronously) and "Create invoice" / "Update invoice".
 * The issue page renders without waiting on it.
 */
export const IssueQboPanel = (_props: IssueQboPanelProps) => null;
