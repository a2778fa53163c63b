import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/** After a failed submit, move focus to the first field marked invalid, so keyboard users land on it. */
export const useFocusFirstInvalid = (form: RefObject<HTMLFormElement | null>, errors: object): void => {
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors]);
};
