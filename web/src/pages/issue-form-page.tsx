import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { createIssue, getIssue, getUser, updateIssue } from '../api/client';
import type { Issue, IssueStatus, UserRef } from '../api/types';
import { AddressFields } from '../components/address-fields';
import { ErrorBanner } from '../components/error-banner';
import { SelectField, TextArea, TextField } from '../components/field';
import { Loading } from '../components/loading';
import { PageHeader } from '../components/page-header';
import { RequestorPicker } from '../components/requestor-picker';
import { RequireStaff } from '../components/require-staff';
import { useAsync } from '../hooks/use-async';
import { useForm } from '../hooks/use-form';
import { labels } from '../labels';
import { isNotFound } from '../lib/errors';
import { buildIssueChanges, buildNewIssue, hasChanges, issueToValues, validateIssue } from '../lib/forms';
import { NotFoundPage } from './not-found-page';

const STATUSES: IssueStatus[] = ['open', 'in_progress', 'resolved', 'closed'];

type IssueFormProps = {
  /** The issue being edited; absent when creating one. */
  original?: Issue;
  /** Requestor to start with ("New issue for this user"). */
  requestor?: UserRef | undefined;
  onSaved: (issue: Issue) => void;
  cancelHref: string;
};

const IssueForm = ({ original, requestor, onSaved, cancelHref }: IssueFormProps) => {
  const [selected, setSelected] = useState<UserRef | undefined>(original?.requestor ?? requestor);
  const { values, set, fieldErrors, error, saving, formRef, onSubmit } = useForm(
    () => issueToValues(original, requestor?.id),
    {
      validate: validateIssue,
      save: async (current) => {
        if (!original) return createIssue(buildNewIssue(current));
        const changes = buildIssueChanges(current, original);
        return hasChanges(changes) ? updateIssue(original.id, changes) : original;
      },
      onSaved,
    },
  );

  return (
    <form ref={formRef} class="form" onSubmit={onSubmit} noValidate>
      <ErrorBanner error={error} />
      <TextField
        label={labels.issues.issueTitle}
        name="title"
        value={values.title}
        onInput={set('title')}
        errors={fieldErrors.title}
        autocomplete="off"
        required
      />
      <TextArea
        label={labels.issues.description}
        name="description"
        value={values.description}
        onInput={set('description')}
        errors={fieldErrors.description}
      />
      <SelectField
        label={labels.issues.status}
        name="status"
        value={values.status}
        options={STATUSES.map((status) => ({ value: status, label: labels.statuses[status] }))}
        onChange={(status) => set('status')(status as IssueStatus)}
        errors={fieldErrors.status}
      />
      <RequestorPicker
        value={values.requestorId}
        selected={selected}
        onChange={(user) => {
          setSelected(user);
          set('requestorId')(user?.id ?? '');
        }}
        errors={fieldErrors.requestorId}
      />
      <AddressFields
        legend={labels.issues.billingAddress}
        name="billingAddress"
        value={values.billingAddress}
        onChange={set('billingAddress')}
        errors={fieldErrors}
        hint={labels.issues.billingAddressHint}
      />
      <TextField
        label={labels.issues.billingEmail}
        name="billingEmail"
        type="email"
        value={values.billingEmail}
        onInput={set('billingEmail')}
        errors={fieldErrors.billingEmail}
        hint={labels.issues.billingEmailHint}
        autocomplete="off"
      />
      <div class="form-actions">
        <button type="submit" class="button-primary" disabled={saving}>
          {saving ? labels.common.saving : original ? labels.common.save : labels.issues.create}
        </button>
        <a class="button button-secondary" href={cancelHref}>
          {labels.common.cancel}
        </a>
      </div>
    </form>
  );
};

const NewIssue = () => {
  const { query, route } = useLocation();
  const requestorId = query.requestorId ?? '';
  // Optional: a failed lookup just leaves the picker empty.
  const requestor = useAsync(
    (signal) => (requestorId ? getUser(requestorId, { signal }) : Promise.resolve(undefined)),
    [requestorId],
  );
  return (
    <div class="page">
      <PageHeader title={labels.issues.newTitle} />
      {requestor.loading ? (
        <Loading />
      ) : (
        <IssueForm
          requestor={requestor.data}
          cancelHref="/issues"
          onSaved={(issue) => route(`/issues/${issue.id}`)}
        />
      )}
    </div>
  );
};

export const NewIssuePage = () => (
  <RequireStaff>
    <NewIssue />
  </RequireStaff>
);

const EditIssue = () => {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id ?? '';
  const issue = useAsync((signal) => getIssue(id, { signal }), [id]);

  if (isNotFound(issue.error)) return <NotFoundPage />;
  if (issue.error) return <ErrorBanner error={issue.error} onRetry={issue.reload} />;
  if (!issue.data) return <Loading />;
  return (
    <div class="page">
      <PageHeader title={labels.issues.editTitle(issue.data.id)} />
      <IssueForm
        key={issue.data.id}
        original={issue.data}
        cancelHref={`/issues/${issue.data.id}`}
        onSaved={(saved) => route(`/issues/${saved.id}`)}
      />
    </div>
  );
};

export const EditIssuePage = () => (
  <RequireStaff>
    <EditIssue />
  </RequireStaff>
);
