import { ApiError } from '../api/client';
import { labels } from '../labels';
import { errorMessage } from '../lib/errors';

type ErrorBannerProps = {
  error: unknown;
  onRetry?: (() => void) | undefined;
  onDismiss?: (() => void) | undefined;
};

/** One way to show a failed request: a message people can act on, and a retry where retrying helps. */
export const ErrorBanner = ({ error, onRetry, onDismiss }: ErrorBannerProps) => {
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div class="banner banner-error" role="alert" data-error-code={code}>
      <p class="banner-message">{errorMessage(error)}</p>
      {code === 'mfa_setup_required' && <a href="/settings">{labels.mfa.enable}</a>}
      <div class="banner-actions">
        {onRetry && (
          <button type="button" class="button-secondary" onClick={onRetry}>
            {labels.errors.retry}
          </button>
        )}
        {onDismiss && (
          <button type="button" class="button-secondary" onClick={onDismiss}>
            {labels.errors.dismiss}
          </button>
        )}
      </div>
    </div>
  );
};

export const Notice = ({ children }: { children: string }) => (
  <div class="banner banner-info" role="status">
    <p class="banner-message">{children}</p>
  </div>
);
