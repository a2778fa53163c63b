import { useState } from 'preact/hooks';
import { ApiError, type FieldErrors, verifyMfa } from '../api/client';
import { labels } from '../labels';
import { TextField } from './field';
import styles from './mfa.module.css';
import { MfaCodeField } from './mfa-code-field';
import { MfaErrorBanner } from './mfa-error-banner';

export type MfaChallengeProps = {
  /** Call once POST /api/mfa/verify succeeds; the app then reloads the session and lets the user in. */
  onVerified: () => void;
};

/** The second sign-in step when the session says `mfa: "required"`: a code from the app, or a recovery code. */
export const MfaChallenge = ({ onVerified }: MfaChallengeProps) => {
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

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    setFieldErrors({});
    try {
      await verifyMfa(recovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, '') });
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

  return (
    <form class={styles.stack} onSubmit={onSubmit} noValidate aria-label={labels.mfa.requiredTitle}>
      <MfaErrorBanner error={error} />
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
      <button type="button" class={styles.link} onClick={switchMethod}>
        {recovery ? labels.mfa.useApp : labels.mfa.useRecoveryCode}
      </button>
    </form>
  );
};
