import { labels } from '../labels';
import { isPasskeyCancelled } from '../lib/passkeys';
import { MfaErrorBanner } from './mfa-error-banner';

const Alert = ({ message }: { message: string }) => (
  <div class="banner banner-error" role="alert">
    <p class="banner-message">{message}</p>
  </div>
);

/**
 * A failed passkey step: a closed browser prompt says so plainly, the server's refusal of the
 * passkey (`refusal`, its field error) says why; anything else shows as MFA errors do.
 */
export const PasskeyErrorBanner = ({ error, refusal }: { error: unknown; refusal?: string[] }) => {
  if (refusal?.[0]) return <Alert message={refusal[0]} />;
  if (isPasskeyCancelled(error)) return <Alert message={labels.passkeys.cancelled} />;
  return <MfaErrorBanner error={error} />;
};
