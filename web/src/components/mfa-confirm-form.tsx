import { useState } from 'preact/hooks';
import { ApiError, type FieldErrors } from '../api/client';
import type { PasswordAndCode } from '../api/types';
import { labels } from '../labels';
import styles from './mfa.module.css';
import { MfaCodeField } from './mfa-code-field';
import { MfaErrorBanner } from './mfa-error-banner';
import { MfaPasswordField } from './mfa-password-field';

type MfaConfirmFormProps = {
  title: string;
  text: string;
  submitLabel: string;
  onSubmit: (confirmation: PasswordAndCode) => Promise<void>;
  onCancel: () => void;
};

/** Changing an enrolled MFA asks for both factors again: the password and a current code. */
export const MfaConfirmForm = ({ title, text, submitLabel, onSubmit, onCancel }: MfaConfirmFormProps) => {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    setFieldErrors({});
    try {
      await onSubmit({ password, code: code.replace(/\s/g, '') });
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'validation_failed')
        setFieldErrors(failure.fieldErrors);
      else setError(failure);
      setCode('');
      setSubmitting(false);
    }
  };

  return (
    <form class={styles.stack} onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <p>{text}</p>
      <MfaErrorBanner error={error} />
      <MfaPasswordField value={password} onInput={setPassword} errors={fieldErrors.password} />
      <MfaCodeField value={code} onInput={setCode} errors={fieldErrors.code} />
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={submitting || !password || !code.trim()}>
          {submitting ? labels.mfa.checking : submitLabel}
        </button>
        <button type="button" class="button-secondary" onClick={onCancel}>
          {labels.common.cancel}
        </button>
      </div>
    </form>
  );
};
