import { useState } from 'preact/hooks';
import { ApiError, type FieldErrors, startMfaSetup, verifyMfa } from '../api/client';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { Loading } from './loading';
import styles from './mfa.module.css';
import { MfaCodeField } from './mfa-code-field';
import { MfaErrorBanner } from './mfa-error-banner';

type MfaEnrolmentProps = { onEnrolled: (recoveryCodes: string[]) => void; onCancel: () => void };

/** Apps read the key in groups of four as easily as in one piece; people copy it better in groups. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/** Setup: the QR code and the key for manual entry, then the first code confirms the app has it. */
export const MfaEnrolment = ({ onEnrolled, onCancel }: MfaEnrolmentProps) => {
  const setup = useAsync(() => startMfaSetup(), []);
  const [code, setCode] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  if (setup.error) return <MfaErrorBanner error={setup.error} />;
  if (!setup.data) return <Loading />;
  const { qrSvg, secret } = setup.data;

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const verified = await verifyMfa({ code: code.replace(/\s/g, '') });
      onEnrolled(verified.recoveryCodes ?? []);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'validation_failed')
        setFieldErrors(failure.fieldErrors);
      else setError(failure);
      setCode('');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form class={styles.stack} onSubmit={onSubmit} noValidate aria-label={labels.mfa.enable}>
      <h3>{labels.mfa.scanTitle}</h3>
      <p class="field-hint">{labels.mfa.scanHint}</p>
      <img
        class={styles.qr}
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`}
        alt={labels.mfa.qrCode}
      />
      <p>
        {labels.mfa.manualKey}{' '}
        <code class={styles.key} data-testid="mfa-secret">
          {grouped(secret)}
        </code>
      </p>
      <MfaErrorBanner error={error} />
      <MfaCodeField value={code} onInput={setCode} errors={fieldErrors.code} />
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={submitting || !code.trim()}>
          {submitting ? labels.mfa.checking : labels.mfa.confirm}
        </button>
        <button type="button" class="button-secondary" onClick={onCancel}>
          {labels.common.cancel}
        </button>
      </div>
    </form>
  );
};
