import { useState } from 'preact/hooks';
import { getSignInLock, unlockSignIn } from '../api/client';
import type { PublicUser } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { formatSoon } from '../lib/security';
import { ConfirmButton } from './confirm-button';
import { ErrorBanner, Notice } from './error-banner';

/**
 * The user page (staff): whether failed attempts lock or slow down the user's sign-in, and until when;
 * admins can lift it at once.
 */
export const SignInLockPanel = ({ user, canUnlock }: { user: PublicUser; canUnlock: boolean }) => {
  const lock = useAsync((signal) => getSignInLock(user.id, { signal }), [user.id]);
  const [unlocked, setUnlocked] = useState(false);
  if (unlocked) return <Notice>{labels.security.unlocked}</Notice>;
  if (lock.error) return <ErrorBanner error={lock.error} onRetry={lock.reload} />;
  const until = lock.data?.until;
  if (!until) return null;
  const when = formatSoon(new Date(until), new Date());
  const unlock = async () => {
    await unlockSignIn(user.id);
    setUnlocked(true);
  };
  return (
    <div class="banner banner-info" role="status">
      <p class="banner-message">
        {lock.data?.locked ? labels.security.signInLocked(when) : labels.security.signInSlowed(when)}
      </p>
      {canUnlock && (
        <div class="banner-actions">
          <ConfirmButton
            label={labels.security.unlock}
            question={labels.security.unlockConfirm(user.name)}
            onConfirm={unlock}
          />
        </div>
      )}
    </div>
  );
};
