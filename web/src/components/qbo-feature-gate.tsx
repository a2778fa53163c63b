import type { ComponentChildren } from 'preact';
import { getSettings } from '../api/client';
import type { QboToggle } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { useConnectOutcome } from '../hooks/use-connect-outcome';
import { useQboConnection } from '../hooks/use-qbo-connection';
import { labels } from '../labels';
import { type ActiveQboConnection, usableConnection } from '../lib/qbo';
import { ErrorBanner } from './error-banner';
import { Loading } from './loading';
import { ConnectFirst, ConnectOutcomeNotice } from './qbo-notices';

type QboFeatureGateProps = {
  /** The app-wide setting that turns the feature on. */
  toggle: QboToggle;
  /** What the section says while that setting is off. */
  disabledText: string;
  /** This page, for "Connect to QBO First" to come back to. */
  returnTo: string;
  /** The feature itself, once it is on and the viewer's connection works. */
  children: (connection: ActiveQboConnection) => ComponentChildren;
};

/**
 * What every QBO section on a page checks first, loaded after the page: the setting is on, and the
 * viewer is connected to QuickBooks (else "Connect to QBO First", coming back here). It also shows how
 * a connection attempt that returned to this page went.
 */
export const QboFeatureGate = ({ toggle, disabledText, returnTo, children }: QboFeatureGateProps) => {
  const outcome = useConnectOutcome();
  const settings = useAsync((signal) => getSettings({ signal }), []);
  const connection = useQboConnection();

  const body = () => {
    if (settings.error) return <ErrorBanner error={settings.error} onRetry={settings.reload} />;
    if (!settings.data) return <Loading label={labels.qbo.checking} />;
    if (!settings.data.qbo[toggle]) return <p class="qbo-disabled">{disabledText}</p>;
    if (connection.error) return <ErrorBanner error={connection.error} onRetry={connection.reload} />;
    if (!connection.data) return <Loading label={labels.qbo.checking} />;
    const active = usableConnection(connection.data);
    if (active) return children(active);
    const reason = connection.data.connected ? connection.data.needsReconnect?.reason : undefined;
    return <ConnectFirst returnTo={returnTo} reason={reason} />;
  };

  return (
    <div class="qbo-panel">
      <ConnectOutcomeNotice outcome={outcome} />
      {body()}
    </div>
  );
};
