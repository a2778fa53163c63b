import { useEffect, useState } from 'preact/hooks';
import { ApiError, type FieldErrors, updateSettings } from '../api/client';
import type { Settings } from '../api/types';
import { labels } from '../labels';
import { useCurrentUser } from '../session';
import { ErrorBanner, Notice } from './error-banner';
import { CheckboxField, TextField } from './field';
import styles from './mfa.module.css';

export type EnforceMfaPanelProps = {
  settings: Settings;
  /** Call with the settings PUT /api/settings returns, so the page keeps the newest `version`. */
  onSettingsChange: (settings: Settings) => void;
};

const MAX_GRACE_DAYS = 90;

/**
 * The admin-only "Enforce MFA" control with its grace period. An admin without MFA cannot turn it on
 * (the server refuses too): they would shut themselves out of everything but MFA setup.
 */
export const EnforceMfaPanel = ({ settings, onSettingsChange }: EnforceMfaPanelProps) => {
  const me = useCurrentUser();
  const [enforce, setEnforce] = useState(settings.security.enforceMfa);
  const [graceDays, setGraceDays] = useState(String(settings.security.mfaGraceDays));
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  useEffect(() => {
    setEnforce(settings.security.enforceMfa);
    setGraceDays(String(settings.security.mfaGraceDays));
  }, [settings.security.enforceMfa, settings.security.mfaGraceDays]);

  const blocked = !me.mfaEnabled && !settings.security.enforceMfa;

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaved(false);
    setError(undefined);
    const days = Number(graceDays.trim());
    if (!Number.isInteger(days) || days < 0 || days > MAX_GRACE_DAYS) {
      setFieldErrors({
        'security.mfaGraceDays': [`Enter a whole number of days from 0 to ${MAX_GRACE_DAYS}`],
      });
      return;
    }
    setFieldErrors({});
    setSaving(true);
    try {
      const next = await updateSettings({
        security: { enforceMfa: enforce, mfaGraceDays: days },
        version: settings.version,
      });
      onSettingsChange(next);
      setSaved(true);
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'validation_failed')
        setFieldErrors(failure.fieldErrors);
      else setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class={styles.stack} onSubmit={save} noValidate aria-label={labels.mfa.enforce}>
      <h3>{labels.mfa.enforce}</h3>
      {blocked && <Notice>{labels.mfa.enforceNeedsOwnMfa}</Notice>}
      <CheckboxField
        label={labels.mfa.enforce}
        name="security.enforceMfa"
        hint={labels.mfa.enforceHint}
        checked={enforce}
        onChange={setEnforce}
        errors={fieldErrors['security.enforceMfa']}
        disabled={blocked || saving}
      />
      <TextField
        label={labels.mfa.graceDays}
        name="security.mfaGraceDays"
        hint={labels.mfa.graceDaysHint}
        value={graceDays}
        onInput={setGraceDays}
        errors={fieldErrors['security.mfaGraceDays']}
        inputMode="numeric"
        disabled={blocked || saving}
      />
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
      {saved && <Notice>{labels.settings.saved}</Notice>}
      <button type="submit" class="button-primary" disabled={blocked || saving}>
        {saving ? labels.common.saving : labels.common.save}
      </button>
    </form>
  );
};
