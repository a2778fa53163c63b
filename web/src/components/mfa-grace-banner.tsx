import { labels } from '../labels';
import { formatDate } from '../lib/format';

const DAY_MS = 24 * 60 * 60 * 1000;

/** While an enforcement grace period runs for a user without MFA: the days left, and a way to set it up. */
export const MfaGraceBanner = ({ graceEndsAt }: { graceEndsAt: string | undefined }) => {
  if (!graceEndsAt) return null;
  const daysLeft = Math.max(1, Math.ceil((Date.parse(graceEndsAt) - Date.now()) / DAY_MS));
  return (
    <div class="banner banner-info" role="status">
      <p class="banner-message">{labels.mfa.graceDaysLeft(daysLeft, formatDate(graceEndsAt))}</p>
      <a class="button button-secondary" href="/settings">
        {labels.mfa.setUpNow}
      </a>
    </div>
  );
};
