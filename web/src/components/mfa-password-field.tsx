import { labels } from '../labels';
import { TextField } from './field';

type MfaPasswordFieldProps = { value: string; onInput: (value: string) => void; errors?: string[] };

/** The account's password, asked again before a change to its second factors. */
export const MfaPasswordField = ({ value, onInput, errors }: MfaPasswordFieldProps) => (
  <TextField
    label={labels.mfa.password}
    name="password"
    type="password"
    autocomplete="current-password"
    value={value}
    onInput={onInput}
    errors={errors}
    autofocus
    required
  />
);
