import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Page } from '../api/types';

export type PagedList<T> = {
  items: T[];
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
  retry: () => void;
  /** Changes the rows in place (one removed or replaced after an action), keeping the cursor. */
  update: (change: (items: T[]) => T[]) => void;
};

const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

/**
 * A cursor-paged list: the first page loads whenever `deps` change (a new filter starts over);
 * `loadMore` appends the next page.
 */
export const usePagedList = <T>(
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  deps: unknown[],
): PagedList<T> => {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const controllerRef = useRef<AbortController | undefined>(undefined);

  const load = useCallback((from: string | undefined, append: boolean) => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setLoading(true);
    setError(undefined);
    fetchRef.current(from, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setItems((previous) => (append ? [...previous, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted || isAbort(failure)) return;
        setError(failure);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    setItems([]);
    setCursor(undefined);
    load(undefined, false);
    return () => controllerRef.current?.abort();
  }, deps);

  const loadMore = useCallback(() => {
    if (cursor) load(cursor, true);
  }, [cursor, load]);

  // After a failed "load more" the cursor is still the one that failed, so retrying resumes there.
  const retry = useCallback(() => load(cursor, items.length > 0), [cursor, items.length, load]);

  const update = useCallback((change: (items: T[]) => T[]) => setItems(change), []);

  return { items, hasMore: cursor !== undefined, loading, error, loadMore, retry, update };
};
