import { useState } from 'preact/hooks';
import {
  ApiError,
  addPasskey,
  type FieldErrors,
  listPasskeys,
  passkeyRegistrationOptions,
} from '../api/client';
import type { Passkey, PublicUser } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { formatDate } from '../lib/format';
import { createPasskey } from '../lib/passkeys';
import { useSession } from '../session';
import { ErrorBanner } from './error-banner';
import { TextField } from './field';
import { Loading } from './loading';
import styles from './mfa.module.css';
import { PasskeyErrorBanner } from './passkey-error-banner';
import { PasskeyRemoveForm } from './passkey-remove-form';

const describe = (passkey: Passkey) =>
  `${labels.passkeys.added(formatDate(passkey.createdAt))}, ${
    passkey.lastUsedAt ? labels.passkeys.lastUsed(formatDate(passkey.lastUsedAt)) : labels.passkeys.neverUsed
  }`;

/**
 * Settings → Security → Passkeys: add one (named), see them, remove one. Adding the first passkey
 * satisfies "Enforce MFA", so the session is re-read afterwards.
 */
export const PasskeysPanel = ({ user }: { user: PublicUser }) => {
  const { refresh, updateUser } = useSession();
  const passkeys = useAsync((signal) => listPasskeys({ signal }), []);
  const [name, setName] = useState('');
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [removing, setRemoving] = useState<Passkey | undefined>(undefined);

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    setAdding(true);
    setError(undefined);
    setFieldErrors({});
    try {
      const response = await createPasskey(await passkeyRegistrationOptions());
      await addPasskey(name.trim(), response);
      setName('');
      passkeys.reload();
      await refresh();
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'validation_failed')
        setFieldErrors(failure.fieldErrors);
      else setError(failure);
    } finally {
      setAdding(false);
    }
  };

  if (removing)
    return (
      <PasskeyRemoveForm
        passkey={removing}
        canUseCode={user.mfaEnabled}
        onCancel={() => setRemoving(undefined)}
        onRemoved={(updated) => {
          updateUser(updated);
          setRemoving(undefined);
          passkeys.reload();
        }}
      />
    );

  return (
    <div class={styles.stack}>
      <h3>{labels.passkeys.title}</h3>
      <p>{labels.passkeys.text}</p>
      {passkeys.error ? (
        <ErrorBanner error={passkeys.error} onRetry={passkeys.reload} />
      ) : !passkeys.data ? (
        <Loading />
      ) : passkeys.data.passkeys.length ? (
        <ul aria-label={labels.passkeys.list}>
          {passkeys.data.passkeys.map((passkey) => (
            <li key={passkey.id}>
              <strong>{passkey.name}</strong> — {describe(passkey)}{' '}
              <button
                type="button"
                class="button-secondary"
                aria-label={labels.passkeys.removeTitle(passkey.name)}
                onClick={() => setRemoving(passkey)}
              >
                {labels.passkeys.remove}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>{labels.passkeys.none}</p>
      )}
      <form class={styles.stack} onSubmit={add} noValidate aria-label={labels.passkeys.add}>
        <PasskeyErrorBanner error={error} refusal={fieldErrors.response} />
        <TextField
          label={labels.passkeys.name}
          name="name"
          value={name}
          onInput={setName}
          hint={labels.passkeys.nameHint}
          errors={fieldErrors.name}
          required
        />
        <button type="submit" class="button-primary" disabled={adding || !name.trim()}>
          {adding ? labels.passkeys.adding : labels.passkeys.add}
        </button>
      </form>
    </div>
  );
};
