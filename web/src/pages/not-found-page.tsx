import { PageHeader } from '../components/page-header';
import { labels } from '../labels';

export const NotFoundPage = () => (
  <div class="page">
    <PageHeader title={labels.errors.notFound} />
    <p>{labels.errors.notFoundText}</p>
    <p>
      <a href="/issues">{labels.errors.goHome}</a>
    </p>
  </div>
);
