import { useState } from 'preact/hooks';
import { ApiError, type FieldErrors, passkeySignInOptions, removePasskey } from '../api/client';
import type { Passkey, PasswordAndSecondFactor, PublicUser } from '../api/types';
import { labels } from '../labels';
import { signWithPasskey } from '../lib/passkeys';
import styles from './mfa.module.css';
import { MfaCodeField } from './mfa-code-field';
import { MfaPasswordField } from './mfa-password-field';
import { PasskeyErrorBanner } from './passkey-error-banner';

type PasskeyRemoveFormProps = {
  passkey: Passkey;
  /** Whether the user has an authenticator app, whose code can confirm instead of a passkey. */
  canUseCode: boolean;
  onRemoved: (user: PublicUser) => void;
  onCancel: () => void;
};

/** Removing a passkey asks for both factors again: the password, and a code or a passkey. */
export const PasskeyRemoveForm = ({ passkey, canUseCode, onRemoved, onCancel }: PasskeyRemoveFormProps) => {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const remove = async (factor: () => Promise<PasswordAndSecondFactor>) => {
    setSubmitting(true);
    setError(undefined);
    setFieldErrors({});
    try {
      onRemoved((await removePasskey(passkey.id, await factor())).user);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'validation_failed')
        setFieldErrors(failure.fieldErrors);
      else setError(failure);
      setCode('');
      setSubmitting(false);
    }
  };
  const withCode = (event: SubmitEvent) => {
    event.preventDefault();
    void remove(async () => ({ password, code: code.replace(/\s/g, '') }));
  };
  const withPasskey = () =>
    void remove(async () => ({ password, passkey: await signWithPasskey(await passkeySignInOptions()) }));

  const title = labels.passkeys.removeTitle(passkey.name);
  return (
    <form class={styles.stack} onSubmit={withCode} noValidate aria-label={title}>
      <h3>{title}</h3>
      <p>{labels.passkeys.removeText}</p>
      <PasskeyErrorBanner error={error} refusal={fieldErrors.passkey} />
      <MfaPasswordField value={password} onInput={setPassword} errors={fieldErrors.password} />
      {canUseCode && <MfaCodeField value={code} onInput={setCode} errors={fieldErrors.code} />}
      <div class="form-actions">
        {canUseCode && (
          <button type="submit" class="button-primary" disabled={submitting || !password || !code.trim()}>
            {submitting ? labels.mfa.checking : labels.passkeys.remove}
          </button>
        )}
        <button
          type="button"
          class="button-secondary"
          disabled={submitting || !password}
          onClick={withPasskey}
        >
          {labels.passkeys.removeWithPasskey}
        </button>
        <button type="button" class="button-secondary" onClick={onCancel}>
          {labels.common.cancel}
        </button>
      </div>
    </form>
  );
};
