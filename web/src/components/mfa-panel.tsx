import { useState } from 'preact/hooks';
import { disableMfa, regenerateRecoveryCodes } from '../api/client';
import type { PublicUser } from '../api/types';
import { labels } from '../labels';
import { useSession } from '../session';
import styles from './mfa.module.css';
import { MfaConfirmForm } from './mfa-confirm-form';
import { MfaEnrolment } from './mfa-enrolment';
import { RecoveryCodes } from './recovery-codes';

export type MfaPanelProps = { user: PublicUser };

type Step =
  | { kind: 'overview' }
  | { kind: 'enrolling' }
  | { kind: 'codes'; codes: string[] }
  | { kind: 'regenerating' }
  | { kind: 'disabling' };

const OVERVIEW: Step = { kind: 'overview' };

/**
 * Settings → Security, for every user: "Enable MFA" (QR code, key, confirming code, recovery codes
 * shown once), then regenerate codes or turn MFA off. The session is re-read only once the user has
 * saved their codes, so a `setup_required` session stays on this page until then.
 */
export const MfaPanel = ({ user }: MfaPanelProps) => {
  const { refresh, updateUser } = useSession();
  const [step, setStep] = useState<Step>(OVERVIEW);

  switch (step.kind) {
    case 'enrolling':
      return (
        <MfaEnrolment
          onEnrolled={(codes) => setStep({ kind: 'codes', codes })}
          onCancel={() => setStep(OVERVIEW)}
        />
      );
    case 'codes':
      return (
        <RecoveryCodes
          codes={step.codes}
          onDone={() => {
            setStep(OVERVIEW);
            void refresh();
          }}
        />
      );
    case 'regenerating':
      return (
        <MfaConfirmForm
          title={labels.mfa.regenerate}
          text={labels.mfa.regenerateText}
          submitLabel={labels.mfa.regenerate}
          onCancel={() => setStep(OVERVIEW)}
          onSubmit={async (confirmation) => {
            const { recoveryCodes } = await regenerateRecoveryCodes(confirmation);
            setStep({ kind: 'codes', codes: recoveryCodes });
          }}
        />
      );
    case 'disabling':
      return (
        <MfaConfirmForm
          title={labels.mfa.disable}
          text={labels.mfa.disableText}
          submitLabel={labels.mfa.disable}
          onCancel={() => setStep(OVERVIEW)}
          onSubmit={async (confirmation) => {
            updateUser((await disableMfa(confirmation)).user);
            setStep(OVERVIEW);
          }}
        />
      );
    case 'overview':
      return user.mfaEnabled ? (
        <div class={styles.stack}>
          <p>{labels.mfa.statusOn}</p>
          {user.mfaRecoveryCodesLeft !== undefined && (
            <p>{labels.mfa.recoveryCodesLeft(user.mfaRecoveryCodesLeft)}</p>
          )}
          <div class="inline-actions">
            <button type="button" class="button-secondary" onClick={() => setStep({ kind: 'regenerating' })}>
              {labels.mfa.regenerate}
            </button>
            <button type="button" class="button-secondary" onClick={() => setStep({ kind: 'disabling' })}>
              {labels.mfa.disable}
            </button>
          </div>
        </div>
      ) : (
        <div class={styles.stack}>
          <p>{labels.mfa.statusOff}</p>
          <button type="button" class="button-primary" onClick={() => setStep({ kind: 'enrolling' })}>
            {labels.mfa.enable}
          </button>
        </div>
      );
  }
};
