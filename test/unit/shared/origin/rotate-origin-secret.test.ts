import {
  CloudFrontClient,
  type DistributionConfig,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { rotateOriginSecret } from '../../../../shared/origin/rotate-origin-secret';

const secretsManager = mockClient(SecretsManagerClient);
const cloudFront = mockClient(CloudFrontClient);

const SECRET_ID = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:deskbooks-origin-AbCdEf';
const OLD_VERSION = 'version-old';
const TOKEN = 'version-new';
const OLD = 'o'.repeat(64);
const NEW = 'n'.repeat(43);

const deps = {
  secrets: new SecretsManagerClient({ region: 'eu-west-1' }),
  cloudFront: new CloudFrontClient({ region: 'us-east-1' }),
  distributionId: 'E2DESKBOOKS',
  newValue: () => NEW,
};

const eventFor = (step: SecretsManagerRotationEvent['Step']): SecretsManagerRotationEvent => ({
  Step: step,
  SecretId: SECRET_ID,
  ClientRequestToken: TOKEN,
});

const withStages = (stages: Record<string, string[]>) =>
  secretsManager.on(DescribeSecretCommand).resolves({ RotationEnabled: true, VersionIdsToStages: stages });
const rotating = () => withStages({ [OLD_VERSION]: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });

const storeVersions = (pending?: object) => {
  secretsManager
    .on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionStage: 'AWSCURRENT' })
    .resolves({ SecretString: JSON.stringify({ current: OLD, previous: '' }) });
  const pendingRead = secretsManager.on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionId: TOKEN });
  if (pending) pendingRead.resolves({ SecretString: JSON.stringify(pending) });
  else pendingRead.rejects(new ResourceNotFoundException({ message: 'no such version', $metadata: {} }));
};

/** The distribution as CloudFront returns it: the site bucket's origin, and the API's with its header. */
const aDistributionConfig = (headerValue: string): DistributionConfig =>
  ({
    CallerReference: 'deskbooks',
    Comment: 'Deskbooks web app and API',
    Enabled: true,
    Origins: {
      Quantity: 2,
      Items: [
        { Id: 'site', DomainName: 'site.s3.eu-west-1.amazonaws.com' },
        {
          Id: 'api',
          DomainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
          CustomHeaders: {
            Quantity: 1,
            Items: [{ HeaderName: 'x-deskbooks-origin', HeaderValue: headerValue }],
          },
        },
      ],
    },
  }) as DistributionConfig;

const distributionSending = (headerValue: string) =>
  cloudFront
    .on(GetDistributionConfigCommand, { Id: 'E2DESKBOOKS' })
    .resolves({ ETag: 'etag-7', DistributionConfig: aDistributionConfig(headerValue) });

beforeEach(() => {
  secretsManager.reset();
  cloudFront.reset();
});

describe('rotating the origin secret', () => {
  it('createSecret: a new value to send, keeping the value CloudFront sends now as the previous one', async () => {
    rotating();
    storeVersions();

    await rotateOriginSecret(deps, eventFor('createSecret'));

    const [put] = secretsManager.commandCalls(PutSecretValueCommand);
    expect(put?.args[0].input).toMatchObject({
      SecretId: SECRET_ID,
      ClientRequestToken: TOKEN,
      VersionStages: ['AWSPENDING'],
    });
    expect(JSON.parse(put?.args[0].input.SecretString ?? '')).toEqual({ current: NEW, previous: OLD });
  });

  it('createSecret run twice keeps the value it made the first time', async () => {
    rotating();
    storeVersions({ current: NEW, previous: OLD });

    await rotateOriginSecret({ ...deps, newValue: () => 'x'.repeat(43) }, eventFor('createSecret'));

    expect(secretsManager.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('setSecret changes nothing yet: CloudFront must not send a value the handlers do not accept', async () => {
    rotating();
    storeVersions({ current: NEW, previous: OLD });
    distributionSending(OLD);

    await rotateOriginSecret(deps, eventFor('setSecret'));

    expect(cloudFront.commandCalls(UpdateDistributionCommand)).toHaveLength(0);
    expect(secretsManager.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
  });

  it('testSecret fails, before anything moves, when the distribution has no origin sending the header', async () => {
    rotating();
    storeVersions({ current: NEW, previous: OLD });
    cloudFront.on(GetDistributionConfigCommand).resolves({
      ETag: 'etag-7',
      DistributionConfig: { ...aDistributionConfig(OLD), Origins: { Quantity: 0, Items: [] } },
    });

    await expect(rotateOriginSecret(deps, eventFor('testSecret'))).rejects.toThrow(
      'Distribution E2DESKBOOKS has no origin sending x-deskbooks-origin',
    );
  });

  it('finishSecret makes the new version current, then has CloudFront send its value', async () => {
    rotating();
    storeVersions({ current: NEW, previous: OLD });
    distributionSending(OLD);
    cloudFront.on(UpdateDistributionCommand).resolves({});

    await rotateOriginSecret(deps, eventFor('finishSecret'));

    expect(secretsManager.commandCalls(UpdateSecretVersionStageCommand)[0]?.args[0].input).toEqual({
      SecretId: SECRET_ID,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: TOKEN,
      RemoveFromVersionId: OLD_VERSION,
    });
    const [update] = cloudFront.commandCalls(UpdateDistributionCommand);
    expect(update?.args[0].input).toMatchObject({ Id: 'E2DESKBOOKS', IfMatch: 'etag-7' });
    const origins = update?.args[0].input.DistributionConfig?.Origins?.Items ?? [];
    expect(origins.map((origin) => origin.CustomHeaders?.Items)).toEqual([
      undefined,
      [{ HeaderName: 'x-deskbooks-origin', HeaderValue: NEW }],
    ]);
    expect(update?.args[0].input.DistributionConfig?.Comment).toBe('Deskbooks web app and API');
    const [moved] = secretsManager.commandCalls(UpdateSecretVersionStageCommand);
    expect(update && moved?.calledBefore(update)).toBe(true);
  });

  it('finishSecret run again after CloudFront refused the update sends the value without moving anything', async () => {
    withStages({ [OLD_VERSION]: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT', 'AWSPENDING'] });
    storeVersions({ current: NEW, previous: OLD });
    distributionSending(OLD);
    cloudFront.on(UpdateDistributionCommand).resolves({});

    await rotateOriginSecret(deps, eventFor('finishSecret'));

    expect(secretsManager.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
    expect(cloudFront.commandCalls(UpdateDistributionCommand)).toHaveLength(1);
  });

  it('finishSecret leaves a distribution that already sends the value alone', async () => {
    withStages({ [OLD_VERSION]: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT'] });
    storeVersions({ current: NEW, previous: OLD });
    distributionSending(NEW);

    await rotateOriginSecret(deps, eventFor('finishSecret'));

    expect(cloudFront.commandCalls(UpdateDistributionCommand)).toHaveLength(0);
  });

  it.each([
    [
      'rotation is off',
      { RotationEnabled: false, VersionIdsToStages: { [TOKEN]: ['AWSPENDING'] } },
      /not enabled/,
    ],
    ['the version is unknown', { RotationEnabled: true, VersionIdsToStages: {} }, /not a version/],
    [
      'the version is neither pending nor current',
      { RotationEnabled: true, VersionIdsToStages: { [TOKEN]: [] } },
      /not pending/,
    ],
  ])('refuses to run when %s', async (_case, described, why) => {
    secretsManager.on(DescribeSecretCommand).resolves(described);

    await expect(rotateOriginSecret(deps, eventFor('createSecret'))).rejects.toThrow(why);
    expect(secretsManager.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });
});
