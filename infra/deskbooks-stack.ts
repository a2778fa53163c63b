import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ROUTES } from '../shared/routes';
import { ApiFunctions } from './api-functions';
import { AppSecret } from './app-secret';
import { DataMigration } from './data-migration';
import { DataTable } from './data-table';
import type { DeploymentSettings } from './deployment-settings';
import { DeskbooksHttpApi } from './http-api';
import { OriginSecret } from './origin-secret';
import { QboEventPipeline } from './qbo-event-pipeline';
import { WebSite } from './web-site';

const INTUIT_CALLBACK_PATH = '/api/qbo/callback';

/** Where Intuit delivers webhooks: the route table's public route for them. */
const intuitWebhookPath = () => {
  const route = ROUTES.find((candidate) => candidate.group === 'qbo-webhooks');
  if (!route) throw new Error('shared/routes.ts has no qbo-webhooks route for Intuit to deliver to');
  return route.path;
};

export type DeskbooksStackProps = StackProps & {
  settings: DeploymentSettings;
  /** The built web app to upload (web/dist). */
  webAssetsDir: string;
  /** The WAF web ACL for the distribution (infra/web-acl.ts, in us-east-1). */
  webAclArn: string;
};

export class DeskbooksStack extends Stack {
  constructor(scope: Construct, id: string, props: DeskbooksStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const data = new DataTable(this, 'Data');
    const appSecret = new AppSecret(this, 'AppSecret');
    const originSecret = new OriginSecret(this, 'OriginSecret');
    const httpApi = new DeskbooksHttpApi(this, 'Http');
    const site = new WebSite(this, 'Web', {
      api: httpApi.api,
      originHeaderValue: originSecret.headerValue(),
      webAclArn: props.webAclArn,
      webAssetsDir: props.webAssetsDir,
      ...(settings.customDomain && { customDomain: settings.customDomain }),
    });
    originSecret.rotateWith(site.distribution);
    // The Lambdas may name the distribution's domain: the distribution depends only on the API
    // itself, never on the routes or integrations that depend on the Lambdas, so there is no cycle.
    const publicUrl = settings.publicUrl ?? site.siteUrl;
    const environment = {
      table: data.table,
      secret: appSecret.secret,
      originSecret: originSecret.secret,
      publicUrl,
      intuitEnvironment: settings.intuitEnvironment,
      logLevel: settings.logLevel,
    };
    const functions = new ApiFunctions(this, 'Functions', { ...environment, indexNames: data.indexNames });
    httpApi.routeTo(functions.byGroup);
    const qboEvents = new QboEventPipeline(this, 'QboEvents', {
      ...environment,
      indexNames: data.indexNames,
      cdcIntervalMinutes: settings.cdcIntervalMinutes,
    });
    new DataMigration(this, 'Migration', {
      ...environment,
      runAfter: [...functions.byGroup.values(), qboEvents.worker, qboEvents.backstop],
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
    new CfnOutput(this, 'IntuitWebhookUrl', {
      value: `${site.siteUrl}${intuitWebhookPath()}`,
      description: 'Enter this at developer.intuit.com as the app’s Webhooks endpoint URL',
    });
    new CfnOutput(this, 'QboEventsDeadLetterQueueUrl', {
      value: qboEvents.workerDeadLetters.queue.queueUrl,
      description: 'QBO events the worker gave up on (their events stay in the table); its alarm fires at 1',
    });
    new CfnOutput(this, 'QboJobsDeadLetterQueueUrl', {
      value: qboEvents.jobsDeadLetters.queue.queueUrl,
      description:
        'Bulk job items the jobs worker gave up on (the job and its results stay in the table); its alarm fires at 1',
    });
    new CfnOutput(this, 'BackstopDeadLetterQueueUrl', {
      value: qboEvents.backstopDeadLetters.queue.queueUrl,
      description: 'CDC backstop runs that failed; its alarm fires at 1',
    });
    new CfnOutput(this, 'PublicUrl', {
      value: publicUrl,
      description: 'PUBLIC_URL the Lambdas use (cookies, OAuth redirect URI, links)',
    });
    new CfnOutput(this, 'DistributionDomainName', {
      value: site.distribution.distributionDomainName,
      description: 'Point a custom domain’s DNS record (CNAME/alias) here',
    });
    new CfnOutput(this, 'ApiGatewayUrl', {
      value: httpApi.api.apiEndpoint,
      description: 'HTTP API endpoint, CloudFront’s origin: called directly it answers 403 origin_refused',
    });
    new CfnOutput(this, 'SecretArn', {
      value: appSecret.secret.secretArn,
      description:
        'Set intuitClientId, intuitClientSecret and intuitWebhookVerifierToken in this secret (keep the other fields)',
    });
    new CfnOutput(this, 'OriginSecretArn', {
      value: originSecret.secret.secretArn,
      description:
        'What CloudFront sends the API; rotate it with aws secretsmanager rotate-secret --secret-id <this>',
    });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
  }
}
