import { join } from 'node:path';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentSettings } from './deployment-settings';
import { DeskbooksStack } from './deskbooks-stack';
import { PROJECT_ROOT } from './project-paths';
import { DeskbooksEdgeStack } from './web-acl';

export type DeskbooksAppOptions = AppProps & {
  /** The built web app to upload; web/dist unless a test says otherwise. */
  webAssetsDir?: string;
  /**
   * Where the app's stack deploys: the CLI's CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION (infra/app.ts),
   * us-east-1 when no region is known. The edge stack (the WAF web ACL) is in us-east-1 whatever this is.
   */
  env?: { account?: string; region?: string };
};

const DEFAULT_REGION = 'us-east-1';

/** The app as `cdk` runs it, with cdk-nag's AWS Solutions checks; tests build the same one. */
export const createDeskbooksApp = ({ webAssetsDir, env, ...appProps }: DeskbooksAppOptions = {}) => {
  const app = new App(appProps);
  // Let S3 server access logs in through a bucket policy instead of the deprecated LogDeliveryWrite ACL.
  app.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  // Between stacks (the web ACL's ARN), Fn::GetStackOutput rather than exports, which would tie the
  // stacks together, or across regions a custom resource: aws-cdk-lib's recommended default.
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'weak');
  const edge = new DeskbooksEdgeStack(app, 'DeskbooksEdge', {
    description: 'Deskbooks: the AWS WAF web ACL in front of its CloudFront distribution (us-east-1)',
    env: { account: env?.account },
  });
  // A region of its own, not left to deploy time: the distribution reads the web ACL across regions.
  const stack = new DeskbooksStack(app, 'Deskbooks', {
    description: 'Deskbooks: helpdesk back office billing in QuickBooks Online',
    env: { account: env?.account, region: env?.region ?? DEFAULT_REGION },
    settings: readDeploymentSettings(app.node),
    webAssetsDir: webAssetsDir ?? join(PROJECT_ROOT, 'web', 'dist'),
    webAclArn: edge.webAcl.attrArn,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, edge };
};
