import { useState } from 'preact/hooks';
import { listUsers } from '../api/client';
import type { UserRef } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { useDebounced } from '../hooks/use-debounced';
import { labels } from '../labels';
import { ErrorBanner } from './error-banner';
import { type Option, SelectField, TextField } from './field';

export type UserPickerProps = {
  value: string;
  /** The user already chosen (editing, or a filter from the URL), shown even if not in results. */
  selected?: UserRef | undefined;
  onChange: (user: UserRef | undefined) => void;
  errors?: string[] | undefined;
};

type UserPickerWording = {
  /** The select's label, and its form name. */
  label: string;
  name: string;
  searchLabel: string;
  searchHint: string;
  /** The select's first option: nobody chosen yet, or no filter. */
  noneChosen: string;
  required?: boolean;
};

const optionLabel = (user: UserRef) => `${user.name} <${user.email}>`;

/** A search box narrowing a select of users, so long user lists stay usable without a combobox widget. */
export const UserPicker = (props: UserPickerProps & UserPickerWording) => {
  const { value, selected, onChange, errors } = props;
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const results = useAsync((signal) => listUsers({ q, limit: 25 }, { signal }), [q]);

  const found: UserRef[] = results.data?.items ?? [];
  const choices = selected && !found.some((user) => user.id === selected.id) ? [selected, ...found] : found;
  const options: Option[] = [
    { value: '', label: results.loading ? labels.common.loading : props.noneChosen },
    ...choices.map((user) => ({ value: user.id, label: optionLabel(user) })),
  ];

  return (
    <div class="user-picker">
      <TextField
        label={props.searchLabel}
        name={`${props.name}Search`}
        type="search"
        value={search}
        onInput={setSearch}
        placeholder={props.searchHint}
        autocomplete="off"
      />
      <SelectField
        label={props.label}
        name={props.name}
        value={value}
        options={options}
        onChange={(id) => onChange(choices.find((user) => user.id === id))}
        errors={errors}
        required={props.required}
      />
      <ErrorBanner error={results.error} onRetry={results.reload} />
    </div>
  );
};
