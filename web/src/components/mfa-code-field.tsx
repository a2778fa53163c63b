import { labels } from '../labels';
import { TextField } from './field';

type MfaCodeFieldProps = {
  value: string;
  onInput: (value: string) => void;
  errors?: string[] | undefined;
  label?: string;
  autofocus?: boolean;
};

/** The 6-digit code from the authenticator app; phones offer the digits pad and the code from SMS-style autofill. */
export const MfaCodeField = ({
  value,
  onInput,
  errors,
  label = labels.mfa.code,
  autofocus,
}: MfaCodeFieldProps) => (
  <TextField
    label={label}
    name="code"
    value={value}
    onInput={onInput}
    errors={errors}
    hint={labels.mfa.codeHint}
    inputMode="numeric"
    autocomplete="one-time-code"
    autofocus={autofocus}
    required
  />
);
