import { ApiError } from '../api/client';
import { labels } from '../labels';
import { formatDateTime } from '../lib/format';
import { ErrorBanner } from './error-banner';

const lockedUntilOf = (error: unknown): string | undefined => {
  if (!(error instanceof ApiError) || error.code !== 'mfa_locked') return undefined;
  const details = error.details as { lockedUntil?: unknown } | undefined;
  return typeof details?.lockedUntil === 'string' ? details.lockedUntil : undefined;
};

/** A failed MFA request; a lock says until when in the user's own time zone. */
export const MfaErrorBanner = ({ error }: { error: unknown }) => {
  const lockedUntil = lockedUntilOf(error);
  if (!lockedUntil) return <ErrorBanner error={error} />;
  return (
    <div class="banner banner-error" role="alert" data-error-code="mfa_locked">
      <p class="banner-message">{labels.mfa.locked(formatDateTime(lockedUntil))}</p>
    </div>
  );
};
