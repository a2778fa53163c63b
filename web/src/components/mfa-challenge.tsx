import { useState } from 'preact/hooks';
import { ApiError, type FieldErrors, passkeySignInOptions, verifyMfa } from '../api/client';
import type { MfaVerification } from '../api/types';
import { labels } from '../labels';
import { signWithPasskey } from '../lib/passkeys';
import { useCurrentUser } from '../session';
import { TextField } from './field';
import styles from './mfa.module.css';
import { MfaCodeField } from './mfa-code-field';
import { PasskeyErrorBanner } from './passkey-error-banner';

export type MfaChallengeProps = {
  /** Call once POST /api/mfa/verify succeeds; the app then reloads the session and lets the user in. */
  onVerified: () => void;
};

/**
 * The second sign-in step when the session says `mfa: "required"`: a code from the app, a recovery
 * code, or one of the user's passkeys.
 */
export const MfaChallenge = ({ onVerified }: MfaChallengeProps) => {
  const user = useCurrentUser();
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const switchMethod = () => {
    setRecovery(!recovery);
    setValue('');
    setError(undefined);
    setFieldErrors({});
  };

  const verify = async (verification: () => Promise<MfaVerification>) => {
    setSubmitting(true);
    setError(undefined);
    setFieldErrors({});
    try {
      await verifyMfa(await verification());
      onVerified();
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'validation_failed')
        setFieldErrors(failure.fieldErrors);
      else setError(failure);
      setValue('');
    } finally {
      setSubmitting(false);
    }
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void verify(async () => (recovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, '') }));
  };
  const usePasskey = () =>
    void verify(async () => ({ passkey: await signWithPasskey(await passkeySignInOptions()) }));

  const passkeyButton = user.passkeyCount > 0 && (
    <button type="button" class="button-secondary" disabled={submitting} onClick={usePasskey}>
      {labels.mfa.usePasskey}
    </button>
  );
  if (!user.mfaEnabled)
    return (
      <div class={styles.stack}>
        <PasskeyErrorBanner error={error} refusal={fieldErrors.passkey} />
        {passkeyButton}
      </div>
    );
  return (
    <form class={styles.stack} onSubmit={onSubmit} noValidate aria-label={labels.mfa.requiredTitle}>
      <PasskeyErrorBanner error={error} refusal={fieldErrors.passkey} />
      {recovery ? (
        <TextField
          label={labels.mfa.recoveryCode}
          name="recoveryCode"
          value={value}
          onInput={setValue}
          errors={fieldErrors.recoveryCode}
          hint={labels.mfa.recoveryCodeHint}
          autocomplete="off"
          autofocus
          required
        />
      ) : (
        <MfaCodeField value={value} onInput={setValue} errors={fieldErrors.code} autofocus />
      )}
      <button type="submit" class="button-primary" disabled={submitting || !value.trim()}>
        {submitting ? labels.mfa.checking : labels.mfa.verify}
      </button>
      {passkeyButton}
      <button type="button" class={styles.link} onClick={switchMethod}>
        {recovery ? labels.mfa.useApp : labels.mfa.useRecoveryCode}
      </button>
    </form>
  );
};
