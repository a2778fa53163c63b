import type { IssueStatus } from '../api/types';
import { labels } from '../labels';

export const StatusBadge = ({ status }: { status: IssueStatus }) => (
  <span class={`badge badge-${status.replace('_', '-')}`}>{labels.statuses[status]}</span>
);
