import { Duration, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { createLambda } from './deskbooks-function';

// The shape shared/origin/origin-secret.ts reads. CloudFormation generates `current`, so the value never
// passes through anyone's hands; `previous` is what CloudFront sent before the last rotation.
const INITIAL_FIELDS = { previous: '' };
const GENERATED_FIELD = 'current';

const ROTATION_INTERVAL = Duration.days(30);
// Each step reads or writes one secret version or the distribution's config: seconds, with room for retries.
const ROTATION_TIMEOUT = Duration.seconds(30);

/**
 * The value CloudFront adds to every request it forwards to the API and the API's handlers check
 * before anything else, so the API answers only through the site. Rotated every 30 days by its own
 * Lambda, which updates the distribution (see `rotateWith`).
 */
export class OriginSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Deskbooks: the value CloudFront sends the API in its origin header (rotated)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify(INITIAL_FIELDS),
        generateStringKey: GENERATED_FIELD,
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
  }

  /**
   * The header's value as CloudFormation resolves it at deploy: the current field of AWSCURRENT. After
   * a rotation the distribution already sends that value, so a later deploy keeps it.
   */
  headerValue(): string {
    return SecretValue.secretsManager(this.secret.secretArn, { jsonField: GENERATED_FIELD }).unsafeUnwrap();
  }

  /** Rotates the secret on a schedule, with a Lambda that may update this distribution and no other. */
  rotateWith(distribution: cloudfront.IDistribution): lambda.Function {
    const rotation = createLambda(this, 'Rotation', {
      name: 'origin-secret-rotation',
      description: 'Deskbooks origin secret rotation: a new origin header value for CloudFront and the API',
      timeout: ROTATION_TIMEOUT,
      environment: { DISTRIBUTION_ID: distribution.distributionId },
    });
    rotation.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'],
        resources: [
          Stack.of(this).formatArn({
            service: 'cloudfront',
            region: '',
            resource: 'distribution',
            resourceName: distribution.distributionId,
          }),
        ],
      }),
    );
    this.secret.addRotationSchedule('Schedule', {
      rotationLambda: rotation,
      automaticallyAfter: ROTATION_INTERVAL,
      // The deploy that creates the schedule already generated a fresh value.
      rotateImmediatelyOnUpdate: false,
    });
    const policy = rotation.role?.node.tryFindChild('DefaultPolicy');
    if (!policy) throw new Error('the rotation Lambda has no default policy');
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "secretsmanager:GetRandomPassword, which aws-cdk-lib's rotation schedule grants: it has no resource type, " +
        'so IAM takes only *, and it returns random characters without reading anything (the rotation uses ' +
        'node:crypto instead). Everything else this Lambda may do names this secret and this distribution.',
    });
    return rotation;
  }
}
