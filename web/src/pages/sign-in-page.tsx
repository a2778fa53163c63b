import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, type FieldErrors, signIn } from '../api/client';
import { ErrorBanner, Notice } from '../components/error-banner';
import { TextField } from '../components/field';
import { PageHeader } from '../components/page-header';
import { labels } from '../labels';
import { safeReturnPath } from '../lib/format';
import { useSession } from '../session';

export const SignInPage = () => {
  const { query, route } = useLocation();
  const { state, setSession } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [failed, setFailed] = useState(false);

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    setFieldErrors({});
    setFailed(false);
    try {
      const session = await signIn(email.trim(), password);
      setSession(session);
      route(safeReturnPath(query.next), true);
    } catch (failure) {
      // One message for a wrong email or password: the server does not say which, nor do we.
      if (failure instanceof ApiError && failure.status === 401) setFailed(true);
      else if (failure instanceof ApiError && failure.code === 'validation_failed') {
        setFieldErrors(failure.fieldErrors);
      } else setError(failure);
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  };

  const expired = state.status === 'signed-out' && state.reason === 'expired';
  return (
    <div class="sign-in">
      <form class="card sign-in-card" onSubmit={onSubmit} noValidate aria-label={labels.signIn.title}>
        <p class="sign-in-brand">{labels.appName}</p>
        <PageHeader title={labels.signIn.title} />
        {expired && !failed && <Notice>{labels.signIn.expired}</Notice>}
        {failed && (
          <div class="banner banner-error" role="alert">
            <p class="banner-message">{labels.signIn.failed}</p>
          </div>
        )}
        <ErrorBanner error={error} />
        <TextField
          label={labels.signIn.email}
          name="email"
          type="email"
          autocomplete="username"
          value={email}
          onInput={setEmail}
          errors={fieldErrors.email}
          required
          autofocus
        />
        <TextField
          label={labels.signIn.password}
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={setPassword}
          errors={fieldErrors.password}
          required
        />
        <button type="submit" class="button-primary" disabled={submitting}>
          {submitting ? labels.signIn.submitting : labels.signIn.submit}
        </button>
      </form>
    </div>
  );
};
