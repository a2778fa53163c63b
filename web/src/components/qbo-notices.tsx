import type { ComponentChildren } from 'preact';
import { labels } from '../labels';
import { type ConnectOutcome, intuitReference, qboConnectUrl, qboProblem, reconnectReason } from '../lib/qbo';
import { ErrorBanner, Notice } from './error-banner';

/** A link into the QBO web app: always a new tab, never giving QBO a handle on this page. */
export const QboLink = ({ href, children }: { href: string; children: ComponentChildren }) => (
  <a class="qbo-link" href={href} target="_blank" rel="noopener">
    {children}
  </a>
);

/** "Connect to QBO First": the OAuth flow, coming back to `returnTo`. */
export const ConnectFirst = ({ returnTo, reason }: { returnTo: string; reason?: string | undefined }) => (
  <div class="qbo-connect-first">
    {reason && <p>{labels.qbo.needsReconnect(reason)}</p>}
    <p>
      <a class="button button-primary" href={qboConnectUrl(returnTo)}>
        {labels.qbo.connectFirst}
      </a>
    </p>
  </div>
);

/** What the OAuth callback said on the way back: a status on success, an alert otherwise. */
export const ConnectOutcomeNotice = ({ outcome }: { outcome: ConnectOutcome | undefined }) => {
  if (!outcome) return null;
  if (outcome.ok) return <Notice>{outcome.message}</Notice>;
  return (
    <div class="banner banner-error" role="alert">
      <p class="banner-message">{outcome.message}</p>
    </div>
  );
};

type QboErrorProps = {
  error: unknown;
  /** Where "Connect to QBO First" comes back to, when the server says there is no connection. */
  returnTo: string;
  /** The page's own "disabled in settings" wording, when the server says the toggle is off. */
  disabledText: string;
  onRetry?: (() => void) | undefined;
};

/** A failed QBO request shown in its section: the refusals get their next step, the rest a banner. */
export const QboError = ({ error, returnTo, disabledText, onRetry }: QboErrorProps) => {
  if (!error) return null;
  switch (qboProblem(error)) {
    case 'sync_disabled':
      return <p class="qbo-disabled">{disabledText}</p>;
    case 'not_connected':
      return <ConnectFirst returnTo={returnTo} reason={reconnectReason(error)} />;
    default: {
      const reference = intuitReference(error);
      return (
        <div>
          <ErrorBanner error={error} onRetry={onRetry} />
          {reference && <p class="field-hint">{labels.qbo.intuitReference(reference)}</p>}
        </div>
      );
    }
  }
};
