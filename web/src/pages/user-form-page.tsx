import { useLocation, useRoute } from 'preact-iso';
import { ApiError, createUser, getUser, updateUser } from '../api/client';
import type { PublicUser, Role } from '../api/types';
import { AddressFields } from '../components/address-fields';
import { ErrorBanner } from '../components/error-banner';
import { CheckboxField, SelectField, TextField } from '../components/field';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { RequireStaff } from '../components/require-staff';
import { useAsync } from '../hooks/use-async';
import { useForm } from '../hooks/use-form';
import { labels } from '../labels';
import { isNotFound } from '../lib/errors';
import {
  buildNewUser,
  buildUserChanges,
  hasChanges,
  MIN_PASSWORD_LENGTH,
  userToValues,
  validateUser,
} from '../lib/forms';
import { assignableRoles, canEditUser, isAdmin } from '../lib/roles';
import { PASSWORD_SET } from '../lib/security';
import { useCurrentUser, useSession } from '../session';
import { NotFoundPage } from './not-found-page';

const ALL_ROLES: Role[] = ['customer', 'staff', 'admin'];
const userPath = (user: PublicUser) => `/users/${encodeURIComponent(user.id)}`;

type UserFormProps = {
  /** The user being edited; absent when creating one. */
  original?: PublicUser;
  /** `passwordSet`: the save set the user's password, which ends their sessions. */
  onSaved: (user: PublicUser, passwordSet: boolean) => void;
  cancelHref: string;
};

const UserForm = ({ original, onSaved, cancelHref }: UserFormProps) => {
  const me = useCurrentUser();
  const creating = original === undefined;
  // Staff may create staff and customers; only admins change anyone's role afterwards.
  const canChangeRole = creating || isAdmin(me);
  const roles = creating ? assignableRoles(me) : ALL_ROLES;
  const { values, set, fieldErrors, error, saving, formRef, onSubmit } = useForm(
    () => userToValues(original),
    {
      validate: validateUser,
      save: async (current) => {
        if (!original) return { user: await createUser(buildNewUser(current)), passwordSet: false };
        const changes = buildUserChanges(current, original, { canChangeRole });
        const user = hasChanges(changes) ? await updateUser(original.id, changes) : original;
        return { user, passwordSet: changes.password !== undefined };
      },
      onSaved: ({ user, passwordSet }) => onSaved(user, passwordSet),
    },
  );

  return (
    <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
      <ErrorBanner error={error} />
      <TextField
        label={labels.users.name}
        name="name"
        value={values.name}
        onInput={set('name')}
        errors={fieldErrors.name}
        autocomplete="off"
        required
      />
      <TextField
        label={labels.users.email}
        name="email"
        type="email"
        value={values.email}
        onInput={set('email')}
        errors={fieldErrors.email}
        autocomplete="off"
        required
      />
      <SelectField
        label={labels.users.role}
        name="role"
        value={values.role}
        options={roles.map((role) => ({ value: role, label: labels.roles[role] }))}
        onChange={(role) => set('role')(role as Role)}
        errors={fieldErrors.role}
        disabled={!canChangeRole}
        hint={canChangeRole ? undefined : labels.users.roleLocked}
      />
      <div class="field-row">
        <TextField
          label={labels.users.phone}
          name="phone"
          type="tel"
          value={values.phone}
          onInput={set('phone')}
          errors={fieldErrors.phone}
          autocomplete="off"
        />
        <TextField
          label={labels.users.company}
          name="company"
          value={values.company}
          onInput={set('company')}
          errors={fieldErrors.company}
          autocomplete="off"
        />
      </div>
      <AddressFields
        legend={labels.address.legend}
        name="address"
        value={values.address}
        onChange={set('address')}
        errors={fieldErrors}
      />
      <CheckboxField
        label={labels.users.enabled}
        name="enabled"
        checked={values.enabled}
        onChange={set('enabled')}
        errors={fieldErrors.enabled}
        hint={labels.users.enabledHint}
      />
      <TextField
        label={creating ? labels.users.initialPassword : labels.users.resetPassword}
        name="password"
        type="password"
        value={values.password}
        onInput={set('password')}
        errors={fieldErrors.password}
        autocomplete="new-password"
        hint={creating ? labels.users.passwordHint : labels.users.resetPasswordHint}
        placeholder={`${MIN_PASSWORD_LENGTH}+`}
      />
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={saving}>
          {saving ? labels.common.saving : creating ? labels.users.create : labels.common.save}
        </button>
        <a class="button button-secondary" href={cancelHref}>
          {labels.common.cancel}
        </a>
      </div>
    </form>
  );
};

export const NewUserPage = () => {
  const { route } = useLocation();
  return (
    <RequireStaff>
      <div class="page">
        <PageHeader title={labels.users.newTitle} />
        <UserForm cancelHref="/users" onSaved={(user) => route(userPath(user))} />
      </div>
    </RequireStaff>
  );
};

const EditUser = () => {
  const me = useCurrentUser();
  const { params } = useRoute();
  const { route } = useLocation();
  const { updateUser: updateSessionUser } = useSession();
  const id = params.id ?? '';
  const user = useAsync((signal) => getUser(id, { signal }), [id]);

  if (isNotFound(user.error)) return <NotFoundPage />;
  if (user.error) return <ErrorBanner error={user.error} onRetry={user.reload} />;
  if (!user.data) return <Loading />;
  if (!canEditUser(me, user.data)) return <ErrorBanner error={new ApiError(403, 'forbidden', 'Forbidden')} />;
  return (
    <div class="page">
      <PageHeader title={labels.users.editTitle(user.data.name)} />
      <UserForm
        key={user.data.id}
        original={user.data}
        cancelHref={userPath(user.data)}
        onSaved={(saved, passwordSet) => {
          updateSessionUser(saved);
          route(passwordSet ? `${userPath(saved)}?password=${PASSWORD_SET}` : userPath(saved));
        }}
      />
    </div>
  );
};

export const EditUserPage = () => (
  <RequireStaff>
    <EditUser />
  </RequireStaff>
);
