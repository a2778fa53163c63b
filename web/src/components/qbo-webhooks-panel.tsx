import { getQboSyncStatus } from '../api/client';
import type { QboSyncStatus } from '../api/types';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { backstopText, lastWebhookText } from '../lib/qbo';
import { CopyButton } from './copy-button';
import { Detail } from './details';
import { ErrorBanner } from './error-banner';
import { TextField } from './field';
import { Loading } from './loading';

const WebhookStatus = ({ status }: { status: QboSyncStatus }) => (
  <>
    <p>{labels.qbo.webhookUrlHint}</p>
    <div class="inline-actions qbo-webhook-url">
      <TextField
        label={labels.qbo.webhookUrl}
        name="webhookUrl"
        value={status.webhookUrl}
        onInput={() => undefined}
        readOnly
      />
      <CopyButton text={status.webhookUrl} />
    </div>
    <p>{lastWebhookText(status)}</p>
    {status.companies.length > 0 && (
      <dl class="details">
        {status.companies.map((company) => (
          <Detail key={company.realmId} label={company.companyName}>
            {backstopText(company)}
          </Detail>
        ))}
      </dl>
    )}
  </>
);

/**
 * Settings → QBO "QuickBooks webhooks" (admins): the endpoint to paste into the Intuit app, whether
 * deliveries arrive, and when each company's backstop (change data capture) last ran.
 */
export const QboWebhooksPanel = () => {
  const status = useAsync((signal) => getQboSyncStatus({ signal }), []);
  return (
    <section class="qbo-webhooks" aria-labelledby="qbo-webhooks">
      <h3 id="qbo-webhooks">{labels.qbo.webhooks}</h3>
      {status.error ? (
        <ErrorBanner error={status.error} onRetry={status.reload} />
      ) : status.data ? (
        <WebhookStatus status={status.data} />
      ) : (
        <Loading />
      )}
    </section>
  );
};
