import { useEffect, useRef, useState } from 'preact/hooks';
import { labels } from '../labels';
import { ErrorBanner } from './error-banner';

type ConfirmButtonProps = {
  label: string;
  /** Asked in place once the button is pressed; the action runs only on the second press. */
  question: string;
  onConfirm: () => Promise<void>;
};

/** A button for something that cannot be taken back: it asks in place, then acts, and shows a failure there. */
export const ConfirmButton = ({ label, question, onConfirm }: ConfirmButtonProps) => {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const cancelRef = useRef<HTMLButtonElement>(null);

  // Focus lands on the safe choice, so a second press of Enter does not confirm by accident.
  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      setConfirming(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (!confirming) {
    return (
      <button type="button" class="button-secondary" onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  }
  return (
    <div class="banner banner-info" role="alertdialog" aria-label={label}>
      <p class="banner-message">{question}</p>
      <div class="banner-actions">
        <button type="button" class="button-primary" onClick={() => void confirm()} disabled={busy}>
          {label}
        </button>
        <button type="button" class="button-secondary" ref={cancelRef} onClick={() => setConfirming(false)}>
          {labels.common.cancel}
        </button>
      </div>
      <ErrorBanner error={error} />
    </div>
  );
};
