import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApiFunctions } from './api-functions';
import { AppSecret } from './app-secret';
import { DataTable } from './data-table';
import type { DeploymentSettings } from './deployment-settings';
import { DeskbooksHttpApi } from './http-api';
import { WebSite } from './web-site';

// Only for synth without a chosen origin; a deployment made with it cannot complete an OAuth round trip.
const PLACEHOLDER_PUBLIC_URL = 'https://deskbooks.example.com';
const INTUIT_CALLBACK_PATH = '/api/qbo/callback';

export type DeskbooksStackProps = StackProps & {
  settings: DeploymentSettings;
  /** The built web app to upload (web/dist). */
  webAssetsDir: string;
};

export class DeskbooksStack extends Stack {
  constructor(scope: Construct, id: string, props: DeskbooksStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const data = new DataTable(this, 'Data');
    const appSecret = new AppSecret(this, 'AppSecret');
    const functions = new ApiFunctions(this, 'Functions', {
      table: data.table,
      indexNames: data.indexNames,
      secret: appSecret.secret,
      publicUrl: this.publicUrlOf(settings),
      intuitEnvironment: settings.intuitEnvironment,
      logLevel: settings.logLevel,
    });
    const httpApi = new DeskbooksHttpApi(this, 'Http', { functions: functions.byGroup });
    const site = new WebSite(this, 'Web', {
      api: httpApi.api,
      webAssetsDir: props.webAssetsDir,
      ...(settings.customDomain && { customDomain: settings.customDomain }),
    });

    new CfnOutput(this, 'SiteUrl', { value: site.siteUrl, description: 'Open this in a browser' });
    new CfnOutput(this, 'ApiUrl', {
      value: `${site.siteUrl}/api`,
      description: 'The API, as browsers reach it',
    });
    new CfnOutput(this, 'IntuitRedirectUri', {
      value: `${site.siteUrl}${INTUIT_CALLBACK_PATH}`,
      description: 'Register this at developer.intuit.com under the app’s Redirect URIs',
    });
    new CfnOutput(this, 'PublicUrl', {
      value: this.publicUrlOf(settings),
      description:
        'PUBLIC_URL the Lambdas use; must equal SiteUrl (else redeploy with -c publicUrl=<SiteUrl>)',
    });
    new CfnOutput(this, 'DistributionDomainName', {
      value: site.distribution.distributionDomainName,
      description: 'Point a custom domain’s DNS record (CNAME/alias) here',
    });
    new CfnOutput(this, 'ApiGatewayUrl', {
      value: httpApi.api.apiEndpoint,
      description: 'HTTP API endpoint',
    });
    new CfnOutput(this, 'SecretArn', {
      value: appSecret.secret.secretArn,
      description: 'Set intuitClientId and intuitClientSecret in this secret (keep the other fields)',
    });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
  }

  private publicUrlOf(settings: DeploymentSettings): string {
    if (settings.publicUrl) return settings.publicUrl;
    if (settings.customDomain) return `https://${settings.customDomain.domainName}`;
    // The Lambdas cannot read the distribution's domain without a dependency cycle
    // (distribution → API → functions → distribution), so the origin comes from context.
    Annotations.of(this).addWarningV2(
      'deskbooks:publicUrlMissing',
      `No publicUrl context: the Lambdas get PUBLIC_URL=${PLACEHOLDER_PUBLIC_URL}. After the first deploy, ` +
        'deploy again with -c publicUrl=<the SiteUrl output>, or set domainName and certificateArn.',
    );
    return PLACEHOLDER_PUBLIC_URL;
  }
}
