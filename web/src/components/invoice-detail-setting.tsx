import { useEffect, useState } from 'preact/hooks';
import { ApiError, updateSettings } from '../api/client';
import type { InvoiceDetail, Settings } from '../api/types';
import { labels } from '../labels';
import { Detail } from './details';
import { ErrorBanner, Notice } from './error-banner';
import { SelectField } from './field';

type InvoiceDetailSettingProps = {
  settings: Settings;
  canEdit: boolean;
  onSettingsChange: (settings: Settings) => void;
  /** Reload the settings after a version conflict, so the next save starts from the latest. */
  onConflict: () => void;
};

const FIELD = 'billing.invoiceDetail';
const OPTIONS = (Object.keys(labels.settings.invoiceDetails) as InvoiceDetail[]).map((value) => ({
  value,
  label: labels.settings.invoiceDetails[value],
}));

/** Settings → Billing: how billable work reads on an invoice. Admins change it; staff see it. */
export const InvoiceDetailSetting = ({
  settings,
  canEdit,
  onSettingsChange,
  onConflict,
}: InvoiceDetailSettingProps) => {
  const saved = settings.billing.invoiceDetail;
  const [value, setValue] = useState<InvoiceDetail>(saved);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<'saved' | 'conflict' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);

  // Settings reloaded after a conflict (a new version) show what is saved now, as the notice says.
  useEffect(() => setValue(saved), [saved, settings.version]);

  if (!canEdit) {
    return (
      <dl class="details">
        <Detail label={labels.settings.invoiceDetail}>{labels.settings.invoiceDetails[saved]}</Detail>
      </dl>
    );
  }

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    setSaving(true);
    setOutcome(undefined);
    setError(undefined);
    try {
      onSettingsChange(
        await updateSettings({ billing: { invoiceDetail: value }, version: settings.version }),
      );
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
    <form class="form invoice-detail-setting" onSubmit={save} noValidate>
      <SelectField
        label={labels.settings.invoiceDetail}
        name={FIELD}
        value={value}
        options={OPTIONS}
        onChange={(next) => {
          setValue(next as InvoiceDetail);
          setOutcome(undefined);
        }}
        hint={labels.settings.invoiceDetailHint}
        errors={fieldErrors}
        disabled={saving}
      />
      <div class="form-actions">
        <button type="submit" class="button-secondary" disabled={saving || value === saved}>
          {saving ? labels.common.saving : labels.common.save}
        </button>
      </div>
      {outcome === 'saved' && <Notice>{labels.settings.saved}</Notice>}
      {outcome === 'conflict' && <Notice>{labels.settings.conflict}</Notice>}
      {!fieldErrors && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
    </form>
  );
};
