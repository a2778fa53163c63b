import { useState } from 'preact/hooks';
import { changePassword } from '../api/client';
import { useForm } from '../hooks/use-form';
import { labels } from '../labels';
import { type PasswordChangeValues, validatePasswordChange } from '../lib/security';
import { ErrorBanner, Notice } from './error-banner';
import { TextField } from './field';

const EMPTY: PasswordChangeValues = { currentPassword: '', newPassword: '', confirmPassword: '' };

const ChangePasswordForm = ({ onChanged }: { onChanged: (endedSessions: number) => void }) => {
  const { values, set, fieldErrors, error, saving, formRef, onSubmit } = useForm(() => EMPTY, {
    validate: validatePasswordChange,
    save: ({ currentPassword, newPassword }) => changePassword({ currentPassword, newPassword }),
    onSaved: ({ endedSessions }) => onChanged(endedSessions),
  });
  // The rules show as soon as the new password is typed, not only after a refused submit.
  const live = values.newPassword ? validatePasswordChange(values) : {};
  return (
    <form
      ref={formRef}
      class="form"
      onSubmit={onSubmit}
      noValidate
      aria-label={labels.security.changePassword}
    >
      <ErrorBanner error={error} />
      <TextField
        label={labels.security.currentPassword}
        name="currentPassword"
        type="password"
        autocomplete="current-password"
        value={values.currentPassword}
        onInput={set('currentPassword')}
        errors={fieldErrors.currentPassword}
        required
      />
      <TextField
        label={labels.security.newPassword}
        name="newPassword"
        type="password"
        autocomplete="new-password"
        hint={labels.security.passwordRule}
        value={values.newPassword}
        onInput={set('newPassword')}
        errors={fieldErrors.newPassword ?? live.newPassword}
        required
      />
      <TextField
        label={labels.security.confirmPassword}
        name="confirmPassword"
        type="password"
        autocomplete="new-password"
        value={values.confirmPassword}
        onInput={set('confirmPassword')}
        errors={fieldErrors.confirmPassword ?? (values.confirmPassword ? live.confirmPassword : undefined)}
        required
      />
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={saving}>
          {saving ? labels.common.saving : labels.security.changePassword}
        </button>
      </div>
    </form>
  );
};

/** Settings → Security → "Change password": with the current one; every other session then ends. */
export const ChangePasswordPanel = ({ onChanged }: { onChanged: () => void }) => {
  const [ended, setEnded] = useState<number | undefined>(undefined);
  const [round, setRound] = useState(0);
  return (
    <section aria-labelledby="security-password">
      <h3 id="security-password">{labels.security.changePassword}</h3>
      {ended !== undefined && <Notice>{labels.security.passwordChanged(ended)}</Notice>}
      <ChangePasswordForm
        key={round}
        onChanged={(count) => {
          setEnded(count);
          setRound((n) => n + 1);
          onChanged();
        }}
      />
    </section>
  );
};
