import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { labels } from '../labels';

type PageHeaderProps = { title: string; children?: ComponentChildren };

/** The page's one h1, its actions, and the tab title. */
export const PageHeader = ({ title, children }: PageHeaderProps) => {
  useEffect(() => {
    document.title = `${title} · ${labels.appName}`;
  }, [title]);
  return (
    <header class="page-header">
      <h1>{title}</h1>
      {children && <div class="page-actions">{children}</div>}
    </header>
  );
};
