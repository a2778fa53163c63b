import { resetUserMfa } from '../api/client';
import type { PublicUser } from '../api/types';
import { labels } from '../labels';
import { ConfirmButton } from './confirm-button';

type ResetMfaButtonProps = { user: PublicUser; onReset: (user: PublicUser) => void };

/** Admins, for a user who lost their phone: asks once more, then clears the user's MFA and sessions. */
export const ResetMfaButton = ({ user, onReset }: ResetMfaButtonProps) => (
  <ConfirmButton
    label={labels.mfa.reset}
    question={labels.mfa.resetConfirm(user.name)}
    onConfirm={async () => onReset(await resetUserMfa(user.id))}
  />
);
