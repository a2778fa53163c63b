import { randomBytes } from 'node:crypto';
import {
  type CloudFrontClient,
  type DistributionConfig,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerRotationEvent } from 'aws-lambda';
import { ORIGIN_HEADER, type OriginSecret, parseOriginSecret } from './origin-secret';

export type RotateOriginSecretDeps = {
  secrets: SecretsManagerClient;
  cloudFront: CloudFrontClient;
  /** The distribution whose API origin sends the origin header. */
  distributionId: string;
  /** A new value for the header; random unless a test says otherwise. */
  newValue?: () => string;
};

const randomValue = () => randomBytes(32).toString('base64url');

const CURRENT = 'AWSCURRENT';
const PENDING = 'AWSPENDING';

const readVersion = async (
  deps: RotateOriginSecretDeps,
  secretId: string,
  version: { id?: string; stage?: string },
) => {
  const result = await deps.secrets.send(
    new GetSecretValueCommand({ SecretId: secretId, VersionId: version.id, VersionStage: version.stage }),
  );
  return parseOriginSecret(result.SecretString ?? '{}');
};

const isNotFound = (error: unknown) => error instanceof Error && error.name === 'ResourceNotFoundException';

/** The pending version: a new value to send, and the value CloudFront sends now as the one still accepted. */
const createPending = async (deps: RotateOriginSecretDeps, secretId: string, token: string) => {
  const current = await readVersion(deps, secretId, { stage: CURRENT });
  try {
    await readVersion(deps, secretId, { id: token, stage: PENDING });
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  const pending: OriginSecret = { current: (deps.newValue ?? randomValue)(), previous: current.current };
  await deps.secrets.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      ClientRequestToken: token,
      SecretString: JSON.stringify(pending),
      VersionStages: [PENDING],
    }),
  );
};

const originHeadersOf = (config: DistributionConfig) =>
  (config.Origins?.Items ?? []).flatMap((origin) =>
    (origin.CustomHeaders?.Items ?? []).filter(
      (header) => header.HeaderName?.toLowerCase() === ORIGIN_HEADER,
    ),
  );

const distributionConfigOf = async (deps: RotateOriginSecretDeps) => {
  const { DistributionConfig: config, ETag } = await deps.cloudFront.send(
    new GetDistributionConfigCommand({ Id: deps.distributionId }),
  );
  if (!config || originHeadersOf(config).length === 0) {
    throw new Error(`Distribution ${deps.distributionId} has no origin sending ${ORIGIN_HEADER}`);
  }
  return { config, etag: ETag };
};

/** Has CloudFront send `value` in the origin header; nothing to do when it already does. */
const sendFromCloudFront = async (deps: RotateOriginSecretDeps, value: string) => {
  const { config, etag } = await distributionConfigOf(deps);
  const headers = originHeadersOf(config);
  if (headers.every((header) => header.HeaderValue === value)) return;
  for (const header of headers) header.HeaderValue = value;
  await deps.cloudFront.send(
    new UpdateDistributionCommand({ Id: deps.distributionId, IfMatch: etag, DistributionConfig: config }),
  );
};

const currentVersionOf = (stages: Record<string, string[]>) =>
  Object.entries(stages).find(([, labels]) => labels.includes(CURRENT))?.[0];

/**
 * Moves AWSCURRENT to the new version, then has CloudFront send its value. In that order because the
 * API's handlers read AWSCURRENT: once it moved they accept the new value (a wrong header makes them
 * read the secret again) and still the old one (`previous`), so requests sent before, during and after
 * CloudFront's update all pass. Sending it first would have them refuse it until the move. A retry
 * after a failed update finds the version already current and sends it again.
 */
const finish = async (
  deps: RotateOriginSecretDeps,
  secretId: string,
  token: string,
  stages: Record<string, string[]>,
) => {
  const currentVersion = currentVersionOf(stages);
  if (currentVersion !== token) {
    await deps.secrets.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: CURRENT,
        MoveToVersionId: token,
        RemoveFromVersionId: currentVersion,
      }),
    );
  }
  await sendFromCloudFront(deps, (await readVersion(deps, secretId, { id: token })).current);
};

/**
 * Secrets Manager's four rotation steps for the origin secret (the value CloudFront sends the API in
 * its origin header). setSecret has nothing to do: CloudFront is told in finishSecret (see `finish`).
 */
export const rotateOriginSecret = async (
  deps: RotateOriginSecretDeps,
  event: SecretsManagerRotationEvent,
) => {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
  const described = await deps.secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (!described.RotationEnabled) throw new Error(`Secret ${secretId} is not enabled for rotation`);
  const stages = described.VersionIdsToStages ?? {};
  const labels = stages[token];
  if (!labels) throw new Error(`Version ${token} is not a version of secret ${secretId}`);
  if (!labels.includes(PENDING) && !labels.includes(CURRENT)) {
    throw new Error(`Version ${token} of secret ${secretId} is not pending rotation`);
  }
  if (step === 'finishSecret') return finish(deps, secretId, token, stages);
  // Already current: an earlier run finished this rotation.
  if (labels.includes(CURRENT)) return;
  if (step === 'createSecret') return createPending(deps, secretId, token);
  if (step === 'testSecret') {
    // The new value is well formed and the distribution is ours to update, before anything moves.
    await readVersion(deps, secretId, { id: token, stage: PENDING });
    await distributionConfigOf(deps);
  }
};
