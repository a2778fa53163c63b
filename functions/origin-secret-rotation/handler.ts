import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { loadRotationConfig } from '../../shared/config';
import { rotateOriginSecret } from '../../shared/origin/rotate-origin-secret';

// Not an API route: Secrets Manager runs it on the origin secret's rotation schedule (and on
// `aws secretsmanager rotate-secret`), once per step (infra/origin-secret.ts).
const config = loadRotationConfig();
const deps = {
  secrets: new SecretsManagerClient({ region: config.AWS_REGION, maxAttempts: 3 }),
  // CloudFront's API is global; its endpoint is in us-east-1.
  cloudFront: new CloudFrontClient({ region: 'us-east-1', maxAttempts: 3 }),
  distributionId: config.DISTRIBUTION_ID,
};

export const handler = (event: SecretsManagerRotationEvent) => rotateOriginSecret(deps, event);
