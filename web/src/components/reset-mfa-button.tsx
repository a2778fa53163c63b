import { useState } from 'preact/hooks';
import { resetUserMfa } from '../api/client';
import type { PublicUser } from '../api/types';
import { labels } from '../labels';
import { ErrorBanner, Notice } from './error-banner';

type ResetMfaButtonProps = { user: PublicUser; onReset: (user: PublicUser) => void };

/** Admins, for a user who lost their phone: asks once more, then clears the user's MFA and sessions. */
export const ResetMfaButton = ({ user, onReset }: ResetMfaButtonProps) => {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const reset = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onReset(await resetUserMfa(user.id));
      setDone(true);
      setConfirming(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (done) return <Notice>{labels.mfa.resetDone}</Notice>;
  if (!confirming) {
    return (
      <button type="button" class="button-secondary" onClick={() => setConfirming(true)}>
        {labels.mfa.reset}
      </button>
    );
  }
  return (
    <div class="banner banner-info" role="alertdialog" aria-label={labels.mfa.reset}>
      <p class="banner-message">{labels.mfa.resetConfirm(user.name)}</p>
      <div class="banner-actions">
        <button type="button" class="button-primary" onClick={() => void reset()} disabled={busy}>
          {labels.mfa.reset}
        </button>
        <button type="button" class="button-secondary" onClick={() => setConfirming(false)}>
          {labels.common.cancel}
        </button>
      </div>
      <ErrorBanner error={error} />
    </div>
  );
};
