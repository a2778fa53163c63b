import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskbooksApp } from '../../infra/deskbooks-app';
import { FUNCTION_TIMEOUT_SECONDS } from '../../shared/function-timeouts';
import { VIEWER_ADDRESS_HEADER } from '../../shared/http/client-info';
import { ROUTE_GROUPS, ROUTES, type RouteGroup, routeKeyOf } from '../../shared/routes';
import { TABLE_KEYS } from '../../shared/table-definition';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

const PUBLIC_URL = 'https://helpdesk.example.org';
const API_GATEWAY_TIMEOUT_SECONDS = 30;
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const GROUPS_READING_SECRET: readonly RouteGroup[] = [
  'oauth-start',
  'oauth-callback',
  'qbo-connection',
  'sync-user',
  'create-invoice',
  'list-invoices',
  'qbo-items',
  'invoice-delivery',
  'mfa-setup',
  'mfa-verify',
  'passkeys',
  'qbo-webhooks',
  'sync-health',
];

let template: Template;
let outdir: string;

const resourcesOf = (type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);
/** A CloudFront function by its comment: its logical id and resource. */
const cloudFrontFunction = (comment: string) => {
  const found = resourcesOf('AWS::CloudFront::Function').find(
    ([, fn]) => (fn.Properties.FunctionConfig as { Comment?: string } | undefined)?.Comment === comment,
  );
  if (!found) throw new Error(`no CloudFront function "${comment}"`);
  return found;
};
const onlyResourceOf = (type: string) => {
  const [first, ...rest] = resourcesOf(type);
  if (!first || rest.length > 0) throw new Error(`expected exactly one ${type}`);
  return first;
};
const asList = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);
/** The app secret (Intuit credentials, encryption keys), not the origin secret beside it. */
const appSecret = (): Found => {
  const found = resourcesOf('AWS::SecretsManager::Secret').find(([id]) => id.startsWith('AppSecret'));
  if (!found) throw new Error('no app secret');
  return found;
};

type Found = [string, Resource];

const functionDescribed = (matches: (description: string) => boolean, what: string): Found => {
  const match = resourcesOf('AWS::Lambda::Function').find(([, fn]) =>
    matches(String(fn.Properties.Description)),
  );
  if (!match) throw new Error(`no Lambda for ${what}`);
  return match;
};
const functionOf = (group: RouteGroup) =>
  functionDescribed((description) => description === `Deskbooks API: ${group}`, group);

/** The statements of the policies attached to the function's own role. */
const statementsOf = ([, fn]: Found): Statement[] => {
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resourcesOf('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};
const statementsOfFunction = (group: RouteGroup) => statementsOf(functionOf(group));

const actionsOf = (statements: Statement[]) => statements.flatMap((statement) => asList(statement.Action));

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'deskbooks-cdk-'));
  // A stand-in web build, so the test does not depend on whether `npm run build` ran.
  const webAssetsDir = join(outdir, 'web-dist');
  mkdirSync(join(webAssetsDir, 'assets'), { recursive: true });
  writeFileSync(join(webAssetsDir, 'index.html'), '<!doctype html><title>Deskbooks</title>');
  writeFileSync(join(webAssetsDir, 'assets', 'app-1a2b3c.js'), 'console.log("app")');

  const { stack } = createDeskbooksApp({
    // Skips esbuild (CDK's own switch): the template is the same, only the code assets stay unbuilt.
    context: {
      'aws:cdk:bundling-stacks': [],
      publicUrl: PUBLIC_URL,
      intuitEnvironment: 'production',
      // As `cdk deploy -c cdcIntervalMinutes=30` passes it.
      cdcIntervalMinutes: '30',
    },
    outdir,
    webAssetsDir,
  });
  // Throws ValidationFailed when cdk-nag reports a finding nobody acknowledged.
  template = Template.fromStack(stack);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('data table', () => {
  it('has the keys, indexes and TTL attribute of shared/table-definition.ts', () => {
    const indexes = TABLE_KEYS.indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));

    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: indexes,
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttlAttribute, Enabled: true },
    });
  });

  it('is on demand, encrypted, point-in-time recoverable and survives stack deletion', () => {
    const [, table] = onlyResourceOf('AWS::DynamoDB::Table');

    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });
});

describe('app secret', () => {
  it('is generated in the flat shape the Lambdas read, with a 64-character encryption key', () => {
    const [, secret] = appSecret();
    const generator = secret.Properties.GenerateSecretString as Record<string, unknown>;

    expect(secret.DeletionPolicy).toBe('Retain');
    expect(JSON.parse(generator.SecretStringTemplate as string)).toEqual({
      intuitClientId: '',
      intuitClientSecret: '',
      activeKeyId: 'k1',
    });
    expect(generator).toMatchObject({
      GenerateStringKey: 'encryptionKey.k1',
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });
});

describe('Lambdas', () => {
  it('has exactly one function per route group', () => {
    const apiFunctions = resourcesOf('AWS::Lambda::Function').filter(([, fn]) =>
      String(fn.Properties.Description).startsWith('Deskbooks API:'),
    );

    expect(apiFunctions).toHaveLength(ROUTE_GROUPS.length);
  });

  it.each(ROUTE_GROUPS)('runs %s on Node 24, arm64, within API Gateway’s time limit', (group) => {
    const [, fn] = functionOf(group);

    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: FUNCTION_TIMEOUT_SECONDS[group],
    });
    expect(fn.Properties.Timeout).toBeLessThan(API_GATEWAY_TIMEOUT_SECONDS);
  });

  it.each(ROUTE_GROUPS)('gives %s the table, the secret ids and the site origin', (group) => {
    const [, fn] = functionOf(group);
    const [tableId] = onlyResourceOf('AWS::DynamoDB::Table');
    const [secretId] = appSecret();
    const [originSecretId] =
      resourcesOf('AWS::SecretsManager::Secret').find(([id]) => id.startsWith('OriginSecret')) ?? [];

    expect((fn.Properties.Environment as { Variables: unknown }).Variables).toMatchObject({
      TABLE_NAME: { Ref: tableId },
      SECRET_ID: { Ref: secretId },
      ORIGIN_SECRET_ID: { Ref: originSecretId },
      PUBLIC_URL: PUBLIC_URL,
      SECURE_COOKIES: 'true',
      INTUIT_ENVIRONMENT: 'production',
    });
  });
});

describe('least privilege', () => {
  it.each(ROUTE_GROUPS)('limits %s to item access on this table and its indexes, without Scan', (group) => {
    const [tableId] = onlyResourceOf('AWS::DynamoDB::Table');
    const tableStatements = statementsOfFunction(group).filter((statement) =>
      asList(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    const indexArns = TABLE_KEYS.indexes.map((index) => ({
      'Fn::Join': ['', [tableArn, `/index/${index.indexName}`]],
    }));

    expect(actionsOf(tableStatements)).not.toContain('dynamodb:Scan');
    expect(tableStatements.flatMap((statement) => asList(statement.Resource))).toEqual([
      tableArn,
      ...indexArns,
    ]);
  });

  it.each(ROUTE_GROUPS)('grants %s no wildcard resource', (group) => {
    const resources = statementsOfFunction(group).flatMap((statement) => asList(statement.Resource));

    expect(JSON.stringify(resources)).not.toContain('*');
  });

  it.each(ROUTE_GROUPS)('lets %s read the secret only when it handles tokens, TOTP or Intuit', (group) => {
    const [secretId] = appSecret();
    const secretStatements = statementsOfFunction(group).filter(
      (statement) =>
        asList(statement.Action).some((action) => action.startsWith('secretsmanager:')) &&
        JSON.stringify(statement.Resource) === JSON.stringify({ Ref: secretId }),
    );

    if (GROUPS_READING_SECRET.includes(group)) {
      expect(actionsOf(secretStatements)).toContain('secretsmanager:GetSecretValue');
      expect(secretStatements.flatMap((statement) => asList(statement.Resource))).toEqual([
        { Ref: secretId },
      ]);
    } else {
      expect(secretStatements).toEqual([]);
    }
  });
});

describe('data migration', () => {
  const migrateFunction = () =>
    functionDescribed((description) => description.startsWith('Deskbooks migration:'), 'migrate');
  const migrateStatements = () => statementsOf(migrateFunction());

  it('runs the migrate Lambda on Node 24, arm64, for up to Lambda’s 15 minutes, configured as the API is', () => {
    const [, fn] = migrateFunction();
    const [tableId] = onlyResourceOf('AWS::DynamoDB::Table');

    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 900,
    });
    expect((fn.Properties.Environment as { Variables: unknown }).Variables).toMatchObject({
      TABLE_NAME: { Ref: tableId },
      PUBLIC_URL: PUBLIC_URL,
    });
  });

  it('lets it Scan, read and write the table itself, and nothing more: no index, no delete, no secret', () => {
    const [tableId] = onlyResourceOf('AWS::DynamoDB::Table');
    const statements = migrateStatements();
    const tableStatements = statements.filter((statement) =>
      asList(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );

    expect(actionsOf(tableStatements).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:UpdateItem',
    ]);
    expect(tableStatements.flatMap((statement) => asList(statement.Resource))).toEqual([
      { 'Fn::GetAtt': [tableId, 'Arn'] },
    ]);
    expect(
      actionsOf(statements)
        .filter((action) => !action.startsWith('dynamodb:'))
        .sort(),
    ).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(JSON.stringify(statements.flatMap((statement) => asList(statement.Resource)))).not.toContain('*');
  });

  it('is run by CloudFormation during the deploy, waiting for its answer, after the table and every other Lambda', () => {
    const [migrateId] = migrateFunction();
    const [tableId] = onlyResourceOf('AWS::DynamoDB::Table');
    const [, trigger] = onlyResourceOf('Custom::Trigger');
    const [versionId] =
      resourcesOf('AWS::Lambda::Version').find(
        ([, version]) =>
          JSON.stringify(version.Properties.FunctionName) === JSON.stringify({ Ref: migrateId }),
      ) ?? [];
    const dependsOn = (trigger as Resource & { DependsOn?: string[] }).DependsOn ?? [];

    expect(trigger.Properties).toMatchObject({
      HandlerArn: { Ref: versionId },
      InvocationType: 'RequestResponse',
      Timeout: '900000',
    });
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        tableId,
        ...ROUTE_GROUPS.map((group) => functionOf(group)[0]),
        ...['Deskbooks QBO events:', 'Deskbooks QBO CDC backstop:'].map(
          (prefix) => functionDescribed((description) => description.startsWith(prefix), prefix)[0],
        ),
      ]),
    );
  });

  it('runs again with every deploy that ships code: the trigger names a fingerprint of all the code', () => {
    const [, trigger] = onlyResourceOf('Custom::Trigger');

    expect(trigger.Properties.DeployedCode).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('QBO events pipeline', () => {
  const worker = () =>
    functionDescribed((description) => description.startsWith('Deskbooks QBO events:'), 'qbo-events');
  const backstop = () =>
    functionDescribed((description) => description.startsWith('Deskbooks QBO CDC backstop:'), 'qbo-cdc');
  const jobsWorker = () =>
    functionDescribed((description) => description.startsWith('Deskbooks QBO jobs:'), 'qbo-jobs');
  const mappingOf = (fn: () => [string, Resource]) => {
    const mappings = resourcesOf('AWS::Lambda::EventSourceMapping').filter(
      ([, mapping]) => (mapping.Properties.FunctionName as { Ref?: string }).Ref === fn()[0],
    );
    if (mappings.length !== 1) throw new Error(`expected exactly one mapping, found ${mappings.length}`);
    return mappings[0] as [string, Resource];
  };
  const queueId = (name: 'Worker' | 'Jobs' | 'Backstop') => {
    const [id] = resourcesOf('AWS::SQS::Queue').find(([candidate]) =>
      candidate.startsWith(`QboEvents${name}DeadLetters`),
    ) ?? [''];
    return id;
  };
  const [workerQueue, backstopQueue] = [() => queueId('Worker'), () => queueId('Backstop')];
  const tableArn = () => ({ 'Fn::GetAtt': [onlyResourceOf('AWS::DynamoDB::Table')[0], 'Arn'] });
  const streamArn = () => ({ 'Fn::GetAtt': [onlyResourceOf('AWS::DynamoDB::Table')[0], 'StreamArn'] });
  const resourcesFor = (statements: Statement[], prefix: string) =>
    statements
      .filter((statement) => asList(statement.Action).some((action) => action.startsWith(prefix)))
      .flatMap((statement) => asList(statement.Resource));

  it('streams each change of the table with its new image', () => {
    const [, table] = onlyResourceOf('AWS::DynamoDB::Table');

    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  it('hands the worker only new QBO inbox events', () => {
    const [, mapping] = mappingOf(worker);
    const { Filters } = mapping.Properties.FilterCriteria as { Filters: { Pattern: string }[] };

    expect(mapping.Properties).toMatchObject({
      EventSourceArn: streamArn(),
      FunctionName: { Ref: worker()[0] },
      StartingPosition: 'TRIM_HORIZON',
    });
    expect(Filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { Keys: { PK: { S: [{ prefix: 'QBOEVENT#' }] } } } },
    ]);
  });

  it('batches up to 100 events, reports partial failures, retries 5 times without halving, then dead-letters', () => {
    const [, mapping] = mappingOf(worker);

    expect(mapping.Properties).toMatchObject({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [workerQueue(), 'Arn'] } } },
    });
  });

  it('hands the jobs worker only new jobs and job items, a few at a time, then dead-letters', () => {
    const [, mapping] = mappingOf(jobsWorker);
    const { Filters } = mapping.Properties.FilterCriteria as { Filters: { Pattern: string }[] };

    expect(resourcesOf('AWS::Lambda::EventSourceMapping')).toHaveLength(2);
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: streamArn(),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 3,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: false,
      MaximumRetryAttempts: 5,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId('Jobs'), 'Arn'] } } },
    });
    expect(Filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([
      {
        eventName: ['INSERT'],
        dynamodb: { Keys: { PK: { S: [{ prefix: 'JOB#' }] }, SK: { S: ['JOB', { prefix: 'ITEM#' }] } } },
      },
    ]);
  });

  it('starts the backstop on its schedule (the deployment’s cdcIntervalMinutes)', () => {
    const [, rule] = onlyResourceOf('AWS::Events::Rule');

    expect(rule.Properties).toMatchObject({
      ScheduleExpression: 'rate(30 minutes)',
      State: 'ENABLED',
      Targets: [
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [backstop()[0], 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 1800 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [backstopQueue(), 'Arn'] } },
        }),
      ],
    });
  });

  it('sends a backstop run that still fails after Lambda’s retry to the backstop’s dead-letter queue', () => {
    const [, invokeConfig] = onlyResourceOf('AWS::Lambda::EventInvokeConfig');

    expect(invokeConfig.Properties).toMatchObject({
      FunctionName: { Ref: backstop()[0] },
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 1800,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [backstopQueue(), 'Arn'] } } },
    });
  });

  it.each(['Worker', 'Backstop'] as const)(
    'keeps the %s dead letters encrypted, over TLS only, for 14 days',
    (name) => {
      const [, queue] = resourcesOf('AWS::SQS::Queue').find(([id]) => id === queueId(name)) ?? [];
      const [, policy] =
        resourcesOf('AWS::SQS::QueuePolicy').find(([, candidate]) =>
          JSON.stringify(candidate.Properties.Queues).includes(queueId(name)),
        ) ?? [];

      expect(queue?.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1209600,
      });
      expect(policy?.Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    },
  );

  it.each(['Worker', 'Backstop'] as const)(
    'alarms as soon as one message waits in the %s dead-letter queue',
    (name) => {
      const alarm = resourcesOf('AWS::CloudWatch::Alarm').find(([, candidate]) =>
        JSON.stringify(candidate.Properties.Dimensions).includes(queueId(name)),
      );

      expect(alarm?.[1].Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(name), 'QueueName'] } }],
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
    },
  );

  it.each([
    ['worker', worker, 60],
    ['backstop', backstop, 300],
  ])('runs the %s on Node 24, arm64, for up to %s s, configured as the API is', (_name, fn, timeout) => {
    const [, found] = fn();

    expect(found.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: timeout,
    });
    expect((found.Properties.Environment as { Variables: unknown }).Variables).toMatchObject({
      PUBLIC_URL: PUBLIC_URL,
      INTUIT_ENVIRONMENT: 'production',
    });
  });

  it('lets the worker read the table’s stream, its items (no Scan) and the secret, and send only to its queue', () => {
    const [secretId] = appSecret();
    const statements = statementsOf(worker());
    const streamActions = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'];

    expect(statements).toContainEqual(
      expect.objectContaining({ Action: streamActions, Resource: streamArn() }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'dynamodb:ListStreams',
        Resource: { 'Fn::Join': ['', [tableArn(), '/stream/*']] },
      }),
    );
    expect(actionsOf(statements)).not.toContain('dynamodb:Scan');
    expect(resourcesFor(statements, 'secretsmanager:')).toEqual([{ Ref: secretId }]);
    expect(resourcesFor(statements, 'sqs:')).toEqual([{ 'Fn::GetAtt': [workerQueue(), 'Arn'] }]);
  });

  it('lets the backstop read and write items (no Scan, no stream) and the secret, and send only to its queue', () => {
    const [secretId] = appSecret();
    const statements = statementsOf(backstop());
    const tableResources = resourcesFor(statements, 'dynamodb:');
    const notGranted = [
      'dynamodb:Scan',
      'dynamodb:ListStreams',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
    ];

    expect(actionsOf(statements).filter((action) => notGranted.includes(action))).toEqual([]);
    expect(tableResources).toEqual([
      tableArn(),
      ...TABLE_KEYS.indexes.map((index) => ({ 'Fn::Join': ['', [tableArn(), `/index/${index.indexName}`]] })),
    ]);
    expect(resourcesFor(statements, 'secretsmanager:')).toEqual([{ Ref: secretId }]);
    expect(resourcesFor(statements, 'sqs:')).toEqual([{ 'Fn::GetAtt': [backstopQueue(), 'Arn'] }]);
  });
});

describe('HTTP API', () => {
  it('has exactly the routes of shared/routes.ts', () => {
    const routeKeys = resourcesOf('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey);

    expect(routeKeys.sort()).toEqual(ROUTES.map(routeKeyOf).sort());
  });

  it.each(ROUTES.map((route) => [routeKeyOf(route), route.group] as const))(
    'sends %s to the %s Lambda with payload v2',
    (routeKey, group) => {
      const [, route] = resourcesOf('AWS::ApiGatewayV2::Route').find(
        ([, candidate]) => candidate.Properties.RouteKey === routeKey,
      ) ?? [undefined, undefined];
      const integrationId = JSON.stringify(route?.Properties.Target).match(/"Ref":"(\w+)"/)?.[1] ?? '';
      const integration = template.findResources('AWS::ApiGatewayV2::Integration')[integrationId] as Resource;
      const [functionId] = functionOf(group);

      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
        PayloadFormatVersion: '2.0',
      });
    },
  );

  it('logs every request and throttles the default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });
});

describe('web site', () => {
  it('keeps every bucket private, encrypted and reachable only over TLS', () => {
    const buckets = resourcesOf('AWS::S3::Bucket');
    const policies = resourcesOf('AWS::S3::BucketPolicy');

    expect(buckets.length).toBeGreaterThan(0);
    for (const [bucketId, bucket] of buckets) {
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      });
      const policy = policies.find(
        ([, candidate]) => JSON.stringify(candidate.Properties.Bucket) === JSON.stringify({ Ref: bucketId }),
      );
      expect(policy?.[1].Properties.PolicyDocument).toMatchObject({
        Statement: expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      });
    }
  });

  it('versions the site bucket and logs access to it', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue() },
    });
  });

  it('serves the bucket through Origin Access Control', () => {
    const [, distribution] = onlyResourceOf('AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig as { Origins: Record<string, unknown>[] };

    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    expect(config.Origins).toContainEqual(
      expect.objectContaining({ OriginAccessControlId: expect.anything() }),
    );
  });

  it('sends /api/* uncached, with every method and the viewer’s cookies, to the HTTP API over TLS 1.2', () => {
    const [, distribution] = onlyResourceOf('AWS::CloudFront::Distribution');
    const [apiId] = onlyResourceOf('AWS::ApiGatewayV2::Api');
    const config = distribution.Properties.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
      Origins: { Id: string; DomainName: unknown; CustomOriginConfig?: unknown }[];
    };
    const apiBehaviour = config.CacheBehaviors.find((behaviour) => behaviour.PathPattern === '/api/*');
    const apiOrigin = config.Origins.find((origin) => origin.Id === apiBehaviour?.TargetOriginId);

    expect(apiBehaviour).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(JSON.stringify(apiOrigin?.DomainName)).toContain(`{"Ref":"${apiId}"},".execute-api.us-east-1."`);
    expect(apiOrigin?.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('leaves API error responses alone instead of replacing them with index.html', () => {
    const [, distribution] = onlyResourceOf('AWS::CloudFront::Distribution');

    expect(distribution.Properties.DistributionConfig).not.toHaveProperty('CustomErrorResponses');
  });

  it.each([
    ['/issues/7', '/index.html'],
    ['/', '/index.html'],
    ['/settings/security', '/index.html'],
    ['/assets/app-1a2b3c.js', '/assets/app-1a2b3c.js'],
    ['/favicon.svg', '/favicon.svg'],
  ])('serves %s from %s', (uri, served) => {
    const [, fn] = cloudFrontFunction('Serve index.html for client-side routes');
    const handler = new Function(`${fn.Properties.FunctionCode as string}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri: string };

    expect(handler({ request: { uri } }).uri).toBe(served);
  });

  it("hands the viewer's own address to the API in its header, whatever header the viewer sent", () => {
    const [, distribution] = onlyResourceOf('AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig as {
      CacheBehaviors: Record<string, unknown>[];
    };
    const apiBehaviour = config.CacheBehaviors.find((behaviour) => behaviour.PathPattern === '/api/*');
    const [functionId, fn] = cloudFrontFunction("Pass the viewer's address on to the API");
    const handler = new Function(`${fn.Properties.FunctionCode as string}; return handler;`)() as (event: {
      viewer: { ip: string };
      request: { headers: Record<string, { value: string }> };
    }) => { headers: Record<string, { value: string }> };

    expect(apiBehaviour?.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
    ]);
    const forwarded = handler({
      viewer: { ip: '198.51.100.7' },
      request: { headers: { [VIEWER_ADDRESS_HEADER]: { value: '10.0.0.1' } } },
    });
    expect(forwarded.headers[VIEWER_ADDRESS_HEADER]).toEqual({ value: '198.51.100.7' });
  });

  it('adds security headers to pages and API responses', () => {
    const [, distribution] = onlyResourceOf('AWS::CloudFront::Distribution');
    const [policyId] = onlyResourceOf('AWS::CloudFront::ResponseHeadersPolicy');
    const config = distribution.Properties.DistributionConfig as {
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors: Record<string, unknown>[];
    };

    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ Override: true }),
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'self'"),
          }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      },
    });
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
  });

  it('uploads the web build with hashed assets and pages deployed separately', () => {
    template.resourceCountIs('Custom::CDKBucketDeployment', 2);
  });
});

describe('outputs', () => {
  it('tells the operator the redirect URI to register at Intuit', () => {
    const [distributionId] = onlyResourceOf('AWS::CloudFront::Distribution');

    template.hasOutput('IntuitRedirectUri', {
      Value: {
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/api/qbo/callback']],
      },
    });
  });

  it.each([
    'SiteUrl',
    'ApiUrl',
    'PublicUrl',
    'SecretArn',
    'OriginSecretArn',
    'TableName',
    'IntuitWebhookUrl',
    'QboEventsDeadLetterQueueUrl',
    'BackstopDeadLetterQueueUrl',
    'ApiGatewayUrl',
    'DistributionDomainName',
  ])('outputs %s', (name) => {
    expect(template.findOutputs(name)).toHaveProperty(name);
  });
});

describe('cdk-nag', () => {
  it('reports no unacknowledged finding', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string }[];
    };

    expect(report.pluginReports.filter((plugin) => plugin.conclusion !== 'success')).toEqual([]);
  });
});
