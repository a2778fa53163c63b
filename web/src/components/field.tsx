import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

type FieldShellProps = {
  id: string;
  label: string;
  hint?: string | undefined;
  errors?: string[] | undefined;
  children: ComponentChildren;
};

/** What ties an input to its label, hint and error for assistive technology. */
const controlProps = (id: string, hint: string | undefined, errors: string[] | undefined) => ({
  id,
  'aria-invalid': errors?.length ? true : undefined,
  'aria-describedby':
    [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
});

/** The hint and the error under an input, with the ids `aria-describedby` points at. */
const FieldNotes = ({ id, hint, errors }: Omit<FieldShellProps, 'label' | 'children'>) => (
  <>
    {hint && (
      <p class="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    )}
    {errors?.length ? (
      <p class="field-error" id={`${id}-error`}>
        {errors.join(' ')}
      </p>
    ) : null}
  </>
);

const FieldShell = ({ id, label, hint, errors, children }: FieldShellProps) => (
  <div class={errors?.length ? 'field field-invalid' : 'field'}>
    <label for={id}>{label}</label>
    {children}
    <FieldNotes id={id} hint={hint} errors={errors} />
  </div>
);

type BaseProps = {
  label: string;
  name: string;
  hint?: string | undefined;
  errors?: string[] | undefined;
  required?: boolean;
  disabled?: boolean;
};

type TextFieldProps = BaseProps & {
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'search' | 'tel';
  autocomplete?: string;
  inputMode?: 'decimal' | 'numeric' | 'email' | 'tel' | 'text' | 'search';
  placeholder?: string;
  autofocus?: boolean;
  /** Shown to select and copy, not to change (like a URL to paste elsewhere). */
  readOnly?: boolean;
};

export const TextField = ({
  label,
  name,
  hint,
  errors,
  value,
  onInput,
  type = 'text',
  ...rest
}: TextFieldProps) => {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors}>
      <input
        {...controlProps(id, hint, errors)}
        name={name}
        // Preact types <input> per `type` value; a union of types matches none of them, though each is valid.
        type={type as 'text'}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        required={rest.required}
        disabled={rest.disabled}
        autocomplete={rest.autocomplete}
        inputMode={rest.inputMode}
        placeholder={rest.placeholder}
        autofocus={rest.autofocus}
        readOnly={rest.readOnly}
      />
    </FieldShell>
  );
};

type TextAreaProps = BaseProps & { value: string; onInput: (value: string) => void; rows?: number };

export const TextArea = ({ label, name, hint, errors, value, onInput, rows = 6, ...rest }: TextAreaProps) => {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors}>
      <textarea
        {...controlProps(id, hint, errors)}
        name={name}
        rows={rows}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        required={rest.required}
        disabled={rest.disabled}
      />
    </FieldShell>
  );
};

export type Option = { value: string; label: string };

type SelectFieldProps = BaseProps & {
  value: string;
  options: Option[];
  onChange: (value: string) => void;
};

export const SelectField = ({
  label,
  name,
  hint,
  errors,
  value,
  options,
  onChange,
  ...rest
}: SelectFieldProps) => {
  const id = useId();
  return (
    <FieldShell id={id} label={label} hint={hint} errors={errors}>
      <select
        {...controlProps(id, hint, errors)}
        name={name}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        required={rest.required}
        disabled={rest.disabled}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
};

type CheckboxFieldProps = Omit<BaseProps, 'required'> & {
  checked: boolean;
  onChange: (checked: boolean) => void;
};

export const CheckboxField = ({
  label,
  name,
  hint,
  errors,
  checked,
  onChange,
  disabled,
}: CheckboxFieldProps) => {
  const id = useId();
  return (
    <div class={errors?.length ? 'field field-check field-invalid' : 'field field-check'}>
      <input
        {...controlProps(id, hint, errors)}
        name={name}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      <FieldNotes id={id} hint={hint} errors={errors} />
    </div>
  );
};
