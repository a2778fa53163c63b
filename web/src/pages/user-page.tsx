import { useRoute } from 'preact-iso';
import { getUser } from '../api/client';
import type { PublicUser } from '../api/types';
import { ErrorBanner } from '../components/error-banner';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { UserQboPanel } from '../components/user-qbo-panel';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { isNotFound } from '../lib/errors';
import { addressLines, formatDateTime } from '../lib/format';
import { canEditUser, isStaff } from '../lib/roles';
import { useCurrentUser, useSession } from '../session';
import { NotFoundPage } from './not-found-page';

const orNone = (value: string | undefined) => value || labels.common.none;

const UserDetails = ({ user }: { user: PublicUser }) => {
  const address = addressLines(user.address);
  return (
    <dl class="details">
      <div>
        <dt>{labels.users.email}</dt>
        <dd>
          <a href={`mailto:${user.email}`}>{user.email}</a>
        </dd>
      </div>
      <div>
        <dt>{labels.users.role}</dt>
        <dd>{labels.roles[user.role]}</dd>
      </div>
      <div>
        <dt>{labels.users.enabled}</dt>
        <dd>{user.enabled ? labels.common.yes : labels.common.no}</dd>
      </div>
      <div>
        <dt>{labels.users.phone}</dt>
        <dd>{orNone(user.phone)}</dd>
      </div>
      <div>
        <dt>{labels.users.company}</dt>
        <dd>{orNone(user.company)}</dd>
      </div>
      <div>
        <dt>{labels.address.legend}</dt>
        <dd>
          {address.length ? (
            <address>
              {address.map((line) => (
                <span key={line} class="line">
                  {line}
                </span>
              ))}
            </address>
          ) : (
            labels.common.none
          )}
        </dd>
      </div>
      <div>
        <dt>{labels.users.password}</dt>
        <dd>{user.hasPassword ? labels.users.hasPassword : labels.users.noPassword}</dd>
      </div>
      <div>
        <dt>{labels.users.mfa}</dt>
        <dd>{user.mfaEnabled ? labels.users.mfaOn : labels.users.mfaOff}</dd>
      </div>
      <div>
        <dt>{labels.common.created}</dt>
        <dd>{formatDateTime(user.createdAt)}</dd>
      </div>
      <div>
        <dt>{labels.common.updated}</dt>
        <dd>{formatDateTime(user.updatedAt)}</dd>
      </div>
    </dl>
  );
};

export const UserPage = () => {
  const { params } = useRoute();
  const id = params.id ?? '';
  const me = useCurrentUser();
  const { updateUser } = useSession();
  const user = useAsync((signal) => getUser(id, { signal }), [id]);

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
      <UserDetails user={user.data} />
      {staff && (
        <section aria-label={labels.qbo.sectionName} class="panel">
          <h2>{labels.qbo.sectionName}</h2>
          <UserQboPanel user={user.data} onUserChange={onUserChange} />
        </section>
      )}
    </div>
  );
};
