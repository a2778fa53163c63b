import { useState } from 'preact/hooks';
import { listUsers } from '../api/client';
import type { UserRef } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { useDebounced } from '../hooks/use-debounced';
import { labels } from '../labels';
import { ErrorBanner } from './error-banner';
import { type Option, SelectField, TextField } from './field';

type RequestorPickerProps = {
  value: string;
  /** The requestor already chosen (editing, or "New issue for this user"), shown even if not in results. */
  selected?: UserRef | undefined;
  onChange: (requestor: UserRef | undefined) => void;
  errors?: string[] | undefined;
};

const optionLabel = (user: UserRef) => `${user.name} <${user.email}>`;

/** A search box narrowing a select of users, so long user lists stay usable without a combobox widget. */
export const RequestorPicker = ({ value, selected, onChange, errors }: RequestorPickerProps) => {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const results = useAsync((signal) => listUsers({ q, limit: 25 }, { signal }), [q]);

  const found: UserRef[] = results.data?.items ?? [];
  const choices = selected && !found.some((user) => user.id === selected.id) ? [selected, ...found] : found;
  const options: Option[] = [
    { value: '', label: results.loading ? labels.common.loading : labels.issues.chooseRequestor },
    ...choices.map((user) => ({ value: user.id, label: optionLabel(user) })),
  ];

  return (
    <div class="requestor-picker">
      <TextField
        label={labels.issues.findRequestor}
        name="requestorSearch"
        type="search"
        value={search}
        onInput={setSearch}
        placeholder={labels.issues.findRequestorHint}
        autocomplete="off"
      />
      <SelectField
        label={labels.issues.requestor}
        name="requestorId"
        value={value}
        options={options}
        onChange={(id) => onChange(choices.find((user) => user.id === id))}
        errors={errors}
        required
      />
      <ErrorBanner error={results.error} onRetry={results.reload} />
    </div>
  );
};
