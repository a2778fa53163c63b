import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type FieldErrors } from '../api/client';
import { hasErrors } from '../lib/forms';

type FormOptions<V, R> = {
  /** Checks worth making before a round trip; the server checks everything again. */
  validate: (values: V) => FieldErrors;
  save: (values: V) => Promise<R>;
  onSaved: (result: R) => void;
};

/**
 * A create/edit form's state: values, saving, the banner error and per-field errors (from `validate` or the
 * server's `validation_failed` details). After a failed submit, focus moves to the first invalid field.
 */
export const useForm = <V extends object, R>(
  initial: () => V,
  { validate, save, onSaved }: FormOptions<V, R>,
) => {
  const [values, setValues] = useState<V>(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(undefined);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (hasErrors(fieldErrors)) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [fieldErrors]);

  const set =
    <K extends keyof V>(key: K) =>
    (value: V[K]) =>
      setValues((current) => ({ ...current, [key]: value }));

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(undefined);
    const problems = validate(values);
    setFieldErrors(problems);
    if (hasErrors(problems)) return;
    setSaving(true);
    try {
      onSaved(await save(values));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'validation_failed')
        setFieldErrors(failure.fieldErrors);
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return { values, set, fieldErrors, error, saving, formRef, onSubmit };
};
