import { useEffect, useRef, useState } from 'preact/hooks';
import { disconnectQbo } from '../api/client';
import type { QboConnectionStatus } from '../api/types';
import { useConnectOutcome } from '../hooks/use-connect-outcome';
import { forgetQboConnection, useQboConnection } from '../hooks/use-qbo-connection';
import { labels } from '../labels';
import { formatDate } from '../lib/format';
import { type ActiveQboConnection, qboConnectUrl } from '../lib/qbo';
import { Detail } from './details';
import { ErrorBanner, Notice } from './error-banner';
import { Loading } from './loading';
import { ConnectOutcomeNotice } from './qbo-notices';

const SETTINGS_PATH = '/settings';

const ConnectLink = ({ label }: { label: string }) => (
  <p>
    <a class="button button-primary" href={qboConnectUrl(SETTINGS_PATH)}>
      {label}
    </a>
  </p>
);

/** Disconnect asks first, in place: one more click, no browser dialog. */
const DisconnectControl = ({ onDisconnected }: { onDisconnected: () => void }) => {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);

  const disconnect = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await disconnectQbo();
      onDisconnected();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (!confirming) {
    return (
      <p>
        <button type="button" class="button-secondary" onClick={() => setConfirming(true)}>
          {labels.qbo.disconnect}
        </button>
      </p>
    );
  }
  return (
    <div class="banner banner-info">
      <p class="banner-message">{labels.qbo.disconnectConfirm}</p>
      <div class="banner-actions">
        <button type="button" class="button-primary" onClick={disconnect} disabled={busy}>
          {busy ? labels.qbo.disconnecting : labels.qbo.disconnect}
        </button>
        <button type="button" class="button-secondary" ref={cancelRef} onClick={() => setConfirming(false)}>
          {labels.common.cancel}
        </button>
      </div>
      <ErrorBanner error={error} />
    </div>
  );
};

const ConnectedCompany = ({
  connection,
  onDisconnected,
}: {
  connection: ActiveQboConnection;
  onDisconnected: () => void;
}) => (
  <>
    <dl class="details">
      <Detail label={labels.qbo.company}>{connection.companyName}</Detail>
      <Detail label={labels.qbo.realm}>{connection.realmId}</Detail>
      <Detail label={labels.qbo.environment}>{labels.qbo.environments[connection.environment]}</Detail>
    </dl>
    <p>{labels.qbo.connectedSince(formatDate(connection.connectedAt))}</p>
    {connection.needsReconnect && (
      <div class="banner banner-error" role="alert">
        <p class="banner-message">{labels.qbo.needsReconnect(connection.needsReconnect.reason)}</p>
        <a class="button button-primary" href={qboConnectUrl(SETTINGS_PATH)}>
          {labels.qbo.reconnect}
        </a>
      </div>
    )}
    <DisconnectControl onDisconnected={onDisconnected} />
  </>
);

const ConnectionStatus = ({
  status,
  onChange,
}: {
  status: QboConnectionStatus;
  onChange: (status: QboConnectionStatus) => void;
}) => {
  const [disconnected, setDisconnected] = useState(false);
  if (!status.connected) {
    return (
      <>
        {disconnected ? <Notice>{labels.qbo.disconnected}</Notice> : <p>{labels.qbo.notConnected}</p>}
        <ConnectLink label={labels.qbo.connect} />
      </>
    );
  }
  return (
    <ConnectedCompany
      connection={status}
      onDisconnected={() => {
        forgetQboConnection();
        setDisconnected(true);
        onChange({ connected: false });
      }}
    />
  );
};

/**
 * Settings → QBO's connection area (DESIGN §1): "Connect to QuickBooks" for the signed-in staff member,
 * then company name, realm, connected since and "Disconnect". Loads its own status; errors stay here.
 */
export const QboConnectionPanel = () => {
  const outcome = useConnectOutcome();
  const connection = useQboConnection();
  return (
    <div class="qbo-connection">
      <ConnectOutcomeNotice outcome={outcome} />
      {connection.error ? (
        <ErrorBanner error={connection.error} onRetry={connection.reload} />
      ) : connection.data ? (
        <ConnectionStatus status={connection.data} onChange={connection.setData} />
      ) : (
        <Loading label={labels.qbo.checking} />
      )}
    </div>
  );
};
