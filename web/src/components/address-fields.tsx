import type { FieldErrors } from '../api/client';
import { labels } from '../labels';
import type { AddressValues } from '../lib/forms';
import { TextField } from './field';

type AddressFieldsProps = {
  legend: string;
  /** The payload key the address goes under ("address", "billingAddress"): server errors use it. */
  name: string;
  value: AddressValues;
  onChange: (value: AddressValues) => void;
  errors: FieldErrors;
  hint?: string;
};

export const AddressFields = ({ legend, name, value, onChange, errors, hint }: AddressFieldsProps) => {
  const set = (key: keyof AddressValues) => (next: string) => onChange({ ...value, [key]: next });
  const field = (key: keyof AddressValues, autocomplete: string) => ({
    name: `${name}.${key}`,
    label: labels.address[key],
    value: value[key],
    onInput: set(key),
    errors: errors[`${name}.${key}`],
    autocomplete,
  });
  const whole = errors[name];
  return (
    <fieldset class="address-fields">
      <legend>{legend}</legend>
      {hint && <p class="field-hint">{hint}</p>}
      {whole?.length ? <p class="field-error">{whole.join(' ')}</p> : null}
      <TextField {...field('line1', 'address-line1')} />
      <TextField {...field('line2', 'address-line2')} />
      <div class="field-row">
        <TextField {...field('city', 'address-level2')} />
        <TextField {...field('region', 'address-level1')} />
      </div>
      <div class="field-row">
        <TextField {...field('postalCode', 'postal-code')} />
        <TextField {...field('country', 'country-name')} />
      </div>
    </fieldset>
  );
};
