import { labels } from '../labels';

export const Loading = ({ label = labels.common.loading }: { label?: string }) => (
  <p class="loading" role="status" aria-live="polite">
    {label}
  </p>
);
