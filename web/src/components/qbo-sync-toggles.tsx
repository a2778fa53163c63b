import { useState } from 'preact/hooks';
import { ApiError, updateSettings } from '../api/client';
import type { Settings, QboToggle as Toggle } from '../api/types';
import { labels } from '../labels';
import { Detail } from './details';
import { ErrorBanner, Notice } from './error-banner';
import { CheckboxField } from './field';

type QboSyncTogglesProps = {
  settings: Settings;
  canEdit: boolean;
  onSettingsChange: (settings: Settings) => void;
  /** Reload the settings after a version conflict, so the next click starts from the latest. */
  onConflict: () => void;
};

const TOGGLES: { key: Toggle; label: string }[] = [
  { key: 'syncUser', label: labels.qbo.syncUserToggle },
  { key: 'syncInvoice', label: labels.qbo.syncInvoiceToggle },
];

/** The app-wide QBO toggles. Each click saves at once (PUT with the version we read). */
export const QboSyncToggles = ({ settings, canEdit, onSettingsChange, onConflict }: QboSyncTogglesProps) => {
  // The clicked value shows at once (the box stays ticked) while the PUT is in flight.
  const [saving, setSaving] = useState<{ key: Toggle; value: boolean } | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [conflict, setConflict] = useState(false);

  if (!canEdit) {
    return (
      <dl class="details">
        {TOGGLES.map(({ key, label }) => (
          <Detail key={key} label={label}>
            {settings.qbo[key] ? labels.common.on : labels.common.off}
          </Detail>
        ))}
      </dl>
    );
  }

  const save = async (key: Toggle, value: boolean) => {
    setSaving({ key, value });
    setError(undefined);
    setConflict(false);
    try {
      onSettingsChange(await updateSettings({ qbo: { [key]: value }, version: settings.version }));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'conflict') {
        setConflict(true);
        onConflict();
      } else {
        setError(failure);
      }
    } finally {
      setSaving(undefined);
    }
  };

  return (
    <div class="toggles" aria-busy={saving ? true : undefined}>
      {TOGGLES.map(({ key, label }) => (
        <CheckboxField
          key={key}
          label={label}
          name={`qbo.${key}`}
          checked={saving?.key === key ? saving.value : settings.qbo[key]}
          disabled={saving !== undefined}
          onChange={(checked) => save(key, checked)}
        />
      ))}
      {conflict && <Notice>{labels.settings.conflict}</Notice>}
      <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
    </div>
  );
};
