import { join } from 'node:path';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentSettings } from './deployment-settings';
import { DeskbooksStack } from './deskbooks-stack';
import { PROJECT_ROOT } from './project-paths';

export type DeskbooksAppOptions = AppProps & {
  /** The built web app to upload; web/dist unless a test says otherwise. */
  webAssetsDir?: string;
};

/** The app as `cdk` runs it, with cdk-nag's AWS Solutions checks; tests build the same one. */
export const createDeskbooksApp = ({ webAssetsDir, ...appProps }: DeskbooksAppOptions = {}) => {
  const app = new App(appProps);
  // Let S3 server access logs in through a bucket policy instead of the deprecated LogDeliveryWrite ACL.
  app.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  const stack = new DeskbooksStack(app, 'Deskbooks', {
    description: 'Deskbooks: helpdesk back office billing in QuickBooks Online',
    settings: readDeploymentSettings(app.node),
    webAssetsDir: webAssetsDir ?? join(PROJECT_ROOT, 'web', 'dist'),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
};
