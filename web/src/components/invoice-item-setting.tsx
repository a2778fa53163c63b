import { useState } from 'preact/hooks';
import { ApiError, updateSettings } from '../api/client';
import type { Settings } from '../api/types';
import { labels } from '../labels';
import { Detail } from './details';
import { ErrorBanner, Notice } from './error-banner';
import { TextField } from './field';

type InvoiceItemSettingProps = {
  settings: Settings;
  canEdit: boolean;
  onSettingsChange: (settings: Settings) => void;
  /** Reload the settings after a version conflict, so the next save starts from the latest. */
  onConflict: () => void;
};

const FIELD = 'qbo.invoiceItemName';

const itemName = (settings: Settings) => settings.qbo.invoiceItemName ?? labels.settings.invoiceItemDefault;

/** Settings → QBO: which QuickBooks item an issue's invoice line uses. Admins change it; staff see it. */
export const InvoiceItemSetting = ({
  settings,
  canEdit,
  onSettingsChange,
  onConflict,
}: InvoiceItemSettingProps) => {
  const [value, setValue] = useState(() => itemName(settings));
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<'saved' | 'conflict' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  if (!canEdit) {
    return (
      <dl class="details">
        <Detail label={labels.settings.invoiceItem}>{itemName(settings)}</Detail>
      </dl>
    );
  }

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaving(true);
    setOutcome(undefined);
    setError(undefined);
    try {
      const saved = await updateSettings({
        qbo: { invoiceItemName: value.trim() },
        version: settings.version,
      });
      onSettingsChange(saved);
      setValue(itemName(saved));
      setOutcome('saved');
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'conflict') {
        setOutcome('conflict');
        onConflict();
      } else setError(failure);
    } finally {
      setSaving(false);
    }
  };

  const fieldErrors = error instanceof ApiError ? error.fieldErrors[FIELD] : undefined;
  return (
    <form class="form invoice-item-setting" onSubmit={save} noValidate>
      <TextField
        label={labels.settings.invoiceItem}
        name={FIELD}
        value={value}
        onInput={setValue}
        hint={labels.settings.invoiceItemHint}
        errors={fieldErrors}
        autocomplete="off"
        required
      />
      <div class="form-actions">
        <button
          type="submit"
          class="button-secondary"
          disabled={saving || value.trim() === itemName(settings)}
        >
          {saving ? labels.common.saving : labels.common.save}
        </button>
      </div>
      {outcome === 'saved' && <Notice>{labels.settings.saved}</Notice>}
      {outcome === 'conflict' && <Notice>{labels.settings.conflict}</Notice>}
      {!fieldErrors && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
    </form>
  );
};
