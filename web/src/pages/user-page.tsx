import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { getUser } from '../api/client';
import type { PublicUser } from '../api/types';
import { AddressBlock, Detail } from '../components/details';
import { ErrorBanner, Notice } from '../components/error-banner';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { ResetMfaButton } from '../components/reset-mfa-button';
import { SignInLockPanel } from '../components/sign-in-lock-panel';
import { UserQboPanel } from '../components/user-qbo-panel';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { isNotFound } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { canEditUser, isAdmin, isStaff } from '../lib/roles';
import { PASSWORD_SET } from '../lib/security';
import { useCurrentUser, useSession } from '../session';
import { NotFoundPage } from './not-found-page';

const orNone = (value: string | undefined) => value || labels.common.none;

const UserDetails = ({ user }: { user: PublicUser }) => (
  <dl class="details">
    <Detail label={labels.users.email}>
      <a href={`mailto:${user.email}`}>{user.email}</a>
    </Detail>
    <Detail label={labels.users.role}>{labels.roles[user.role]}</Detail>
    <Detail label={labels.users.enabled}>{user.enabled ? labels.common.yes : labels.common.no}</Detail>
    <Detail label={labels.users.phone}>{orNone(user.phone)}</Detail>
    <Detail label={labels.users.company}>{orNone(user.company)}</Detail>
    <Detail label={labels.address.legend}>
      <AddressBlock address={user.address} />
    </Detail>
    <Detail label={labels.users.password}>
      {user.hasPassword ? labels.users.hasPassword : labels.users.noPassword}
    </Detail>
    <Detail label={labels.users.mfa}>{user.mfaEnabled ? labels.users.mfaOn : labels.users.mfaOff}</Detail>
    <Detail label={labels.common.created}>{formatDateTime(user.createdAt)}</Detail>
    <Detail label={labels.common.updated}>{formatDateTime(user.updatedAt)}</Detail>
  </dl>
);

export const UserPage = () => {
  const { params } = useRoute();
  const { query } = useLocation();
  const id = params.id ?? '';
  const me = useCurrentUser();
  const { updateUser } = useSession();
  const user = useAsync((signal) => getUser(id, { signal }), [id]);
  // Said by the page: once reset, the user has no MFA and the button is gone.
  const [mfaResetFor, setMfaResetFor] = useState<string | undefined>(undefined);

  if (isNotFound(user.error)) return <NotFoundPage />;
  if (user.error) return <ErrorBanner error={user.error} onRetry={user.reload} />;
  if (!user.data) return <Loading />;

  const onUserChange = (next: PublicUser) => {
    user.setData(next);
    updateUser(next);
  };
  const staff = isStaff(me);
  const editable = canEditUser(me, user.data);
  const path = `/users/${encodeURIComponent(user.data.id)}`;
  return (
    <div class="page">
      <PageHeader title={user.data.name}>
        {staff && (
          <>
            <a
              class="button button-secondary"
              href={`/issues/new?requestorId=${encodeURIComponent(user.data.id)}`}
            >
              {labels.users.newIssueFor}
            </a>
            {editable && (
              <a class="button button-primary" href={`${path}/edit`}>
                {labels.common.edit}
              </a>
            )}
          </>
        )}
      </PageHeader>
      {query.password === PASSWORD_SET && <Notice>{labels.security.sessionsEnded}</Notice>}
      {staff && <SignInLockPanel user={user.data} canUnlock={isAdmin(me)} />}
      <UserDetails user={user.data} />
      {mfaResetFor === user.data.id && <Notice>{labels.mfa.resetDone}</Notice>}
      {isAdmin(me) && user.data.mfaEnabled && (
        <p>
          <ResetMfaButton
            user={user.data}
            onReset={(next) => {
              onUserChange(next);
              setMfaResetFor(next.id);
            }}
          />
        </p>
      )}
      {staff && (
        <section aria-label={labels.qbo.sectionName} class="panel">
          <h2>{labels.qbo.sectionName}</h2>
          <UserQboPanel user={user.data} onUserChange={onUserChange} />
        </section>
      )}
    </div>
  );
};
