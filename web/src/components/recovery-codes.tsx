import { useState } from 'preact/hooks';
import { labels } from '../labels';
import { CopyButton } from './copy-button';
import { CheckboxField } from './field';
import styles from './mfa.module.css';

type RecoveryCodesProps = { codes: string[]; onDone: () => void };

const download = (codes: string[]) => {
  const url = URL.createObjectURL(new Blob([`${codes.join('\n')}\n`], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = labels.mfa.downloadName;
  link.click();
  URL.revokeObjectURL(url);
};

/** Recovery codes, shown this once: the user must say they saved them before moving on. */
export const RecoveryCodes = ({ codes, onDone }: RecoveryCodesProps) => {
  const [saved, setSaved] = useState(false);

  return (
    <section class={styles.stack} aria-labelledby="recovery-codes-title">
      <h3 id="recovery-codes-title">{labels.mfa.recoveryCodesTitle}</h3>
      <p>{labels.mfa.recoveryCodesText}</p>
      <ol class={styles.codes} aria-label={labels.mfa.recoveryCodesTitle}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div class="inline-actions">
        <CopyButton text={codes.join('\n')} />
        <button type="button" class="button-secondary" onClick={() => download(codes)}>
          {labels.mfa.download}
        </button>
      </div>
      <CheckboxField label={labels.mfa.savedCodes} name="savedCodes" checked={saved} onChange={setSaved} />
      <button type="button" class="button-primary" disabled={!saved} onClick={onDone}>
        {labels.mfa.finish}
      </button>
    </section>
  );
};
