import type { PagedList } from '../hooks/use-paged-list';
import { labels } from '../labels';
import { ErrorBanner } from './error-banner';
import { Loading } from './loading';

type PagedListFooter = Pick<PagedList<unknown>, 'error' | 'retry' | 'loading' | 'hasMore' | 'loadMore'>;

/** Footer of a paged table: the error of the last page, a spinner, or the "Load more" button. */
export const LoadMore = ({ list }: { list: PagedListFooter }) => (
  <div class="load-more">
    <ErrorBanner error={list.error} onRetry={list.retry} />
    {list.loading ? (
      <Loading />
    ) : (
      list.hasMore &&
      !list.error && (
        <button type="button" class="button-secondary" onClick={list.loadMore}>
          {labels.common.loadMore}
        </button>
      )
    )}
  </div>
);
