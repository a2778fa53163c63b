import { getSettings } from '../api/client';
import { AccountSecurity } from '../components/account-security';
import { BillingCatalogPanel } from '../components/billing-catalog-panel';
import { EnforceMfaPanel } from '../components/enforce-mfa-panel';
import { ErrorBanner, Notice } from '../components/error-banner';
import { InvoiceDetailSetting } from '../components/invoice-detail-setting';
import { Loading } from '../components/loading';
import { MfaPanel } from '../components/mfa-panel';
import { PageHeader } from '../components/page-header';
import { PasskeysPanel } from '../components/passkeys-panel';
import { QboBulkSyncPanel } from '../components/qbo-bulk-sync-panel';
import { QboConnectionPanel } from '../components/qbo-connection-panel';
import { QboSyncHealthPanel } from '../components/qbo-sync-health-panel';
import { QboSyncToggles } from '../components/qbo-sync-toggles';
import { QboWebhooksPanel } from '../components/qbo-webhooks-panel';
import { useAsync } from '../hooks/use-async';
import { labels } from '../labels';
import { isAdmin, isStaff } from '../lib/roles';
import { useCurrentUser, useSession } from '../session';

export const SettingsPage = () => {
  const me = useCurrentUser();
  const { state } = useSession();
  const admin = isAdmin(me);
  const setupRequired = state.status === 'signed-in' && state.session.mfa === 'setup_required';
  // Customers, and anyone who must set up MFA first, see only their own Security section, which needs no app settings.
  const staff = isStaff(me) && !setupRequired;
  const settings = useAsync(
    (signal) => (staff ? getSettings({ signal }) : Promise.resolve(undefined)),
    [staff],
  );

  return (
    <div class="page">
      <PageHeader title={labels.settings.title} />
      {setupRequired && <Notice>{labels.mfa.setupRequired}</Notice>}

      {staff && (
        <section class="panel" aria-labelledby="settings-qbo">
          <h2 id="settings-qbo">{labels.settings.qbo}</h2>
          <QboConnectionPanel />
          {settings.error ? (
            <ErrorBanner error={settings.error} onRetry={settings.reload} />
          ) : settings.data ? (
            <QboSyncToggles
              settings={settings.data}
              canEdit={admin}
              onSettingsChange={settings.setData}
              onConflict={settings.reload}
            />
          ) : (
            <Loading />
          )}
          {admin && settings.data && <QboBulkSyncPanel settings={settings.data} />}
          <QboSyncHealthPanel />
          {admin && <QboWebhooksPanel />}
        </section>
      )}

      {staff && (
        <section class="panel" aria-labelledby="settings-billing">
          <h2 id="settings-billing">{labels.billing.title}</h2>
          {settings.data && (
            <InvoiceDetailSetting
              settings={settings.data}
              canEdit={admin}
              onSettingsChange={settings.setData}
              onConflict={settings.reload}
            />
          )}
          <BillingCatalogPanel canEdit={admin} />
        </section>
      )}

      <section class="panel" aria-labelledby="settings-security">
        <h2 id="settings-security">{labels.settings.security}</h2>
        <MfaPanel user={me} />
        <PasskeysPanel user={me} />
        {admin && settings.data && (
          <EnforceMfaPanel settings={settings.data} onSettingsChange={settings.setData} />
        )}
        {!setupRequired && <AccountSecurity admin={admin} />}
      </section>
    </div>
  );
};
