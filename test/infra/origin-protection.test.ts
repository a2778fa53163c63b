import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskbooksApp } from '../../infra/deskbooks-app';
import { ROUTE_GROUPS, type RouteGroup } from '../../shared/routes';

// The API only through the site: CloudFront adds the origin secret as a header the handlers check,
// the secret rotates, and AWS WAF (whose CloudFront web ACLs live in us-east-1) sits in front. Deployed
// outside us-east-1 here, so the web ACL's ARN crosses regions.

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown };
type Rule = {
  Name: string;
  Priority: number;
  Action?: unknown;
  OverrideAction?: unknown;
  Statement: Record<string, Record<string, unknown>>;
};

const REGION = 'eu-west-1';

let app: Template;
let edge: Template;
let outdir: string;
let stackRegions: Record<string, string>;
let dependencies: Record<string, string[]>;
/** Every cdk-nag finding acknowledged in either stack, by construct path. */
let acknowledged: { path: string; rule: string }[];

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type) as Record<string, Resource>);
const idStartingWith = (type: string, prefix: string) => {
  const [id] = resourcesOf(app, type).find(([candidate]) => candidate.startsWith(prefix)) ?? [];
  if (!id) throw new Error(`no ${type} ${prefix}*`);
  return id;
};
const originSecretId = () => idStartingWith('AWS::SecretsManager::Secret', 'OriginSecret');
const distributionId = () => idStartingWith('AWS::CloudFront::Distribution', 'Web');
const asList = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);

const functionDescribed = (matches: (description: string) => boolean): [string, Resource] => {
  const found = resourcesOf(app, 'AWS::Lambda::Function').find(([, fn]) =>
    matches(String(fn.Properties.Description)),
  );
  if (!found) throw new Error('no such Lambda');
  return found;
};
const rotationFunction = () =>
  functionDescribed((description) => description.startsWith('Deskbooks origin secret rotation:'));
const apiFunction = (group: RouteGroup) =>
  functionDescribed((description) => description === `Deskbooks API: ${group}`);

const statementsOf = ([, fn]: [string, Resource]): Statement[] => {
  const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resourcesOf(app, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};

const distributionConfig = () =>
  resourcesOf(app, 'AWS::CloudFront::Distribution')[0]?.[1].Properties.DistributionConfig as {
    WebACLId: unknown;
    CacheBehaviors: { PathPattern: string; TargetOriginId: string }[];
    Origins: { Id: string; OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }[];
  };

const webAclRules = () => {
  const [[, acl] = []] = resourcesOf(edge, 'AWS::WAFv2::WebACL');
  return (acl?.Properties.Rules ?? []) as Rule[];
};

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'deskbooks-cdk-'));
  const created = createDeskbooksApp({
    context: { 'aws:cdk:bundling-stacks': [] },
    outdir,
    webAssetsDir: join(outdir, 'no-web-build'),
    env: { account: '123456789012', region: REGION },
  });
  // Each throws ValidationFailed when cdk-nag reports a finding nobody acknowledged.
  app = Template.fromStack(created.stack);
  edge = Template.fromStack(created.edge);
  const assembly = created.app.synth();
  stackRegions = Object.fromEntries(
    assembly.stacks.map((stack) => [stack.stackName, stack.environment.region]),
  );
  dependencies = Object.fromEntries(
    assembly.stacks.map((stack) => [stack.stackName, stack.dependencies.map((dependency) => dependency.id)]),
  );
  acknowledged = assembly.stacks.flatMap((stack) =>
    stack
      .findMetadataByType('aws:cdk:acknowledged-rules')
      .flatMap((entry) => Object.keys(entry.data as object).map((rule) => ({ path: entry.path, rule }))),
  );
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the origin header', () => {
  it('is added by CloudFront to every /api/* request, with the origin secret’s current value resolved at deploy', () => {
    const config = distributionConfig();
    const apiOriginId = config.CacheBehaviors.find(
      (behaviour) => behaviour.PathPattern === '/api/*',
    )?.TargetOriginId;
    const apiOrigin = config.Origins.find((origin) => origin.Id === apiOriginId);

    expect(apiOrigin?.OriginCustomHeaders).toEqual([
      {
        HeaderName: 'x-deskbooks-origin',
        HeaderValue: {
          'Fn::Join': [
            '',
            ['{{resolve:secretsmanager:', { Ref: originSecretId() }, ':SecretString:current::}}'],
          ],
        },
      },
    ]);
  });

  it('is not sent to the web app’s bucket', () => {
    const others = distributionConfig().Origins.filter((origin) => origin.OriginCustomHeaders);

    expect(others).toHaveLength(1);
  });

  it('comes from a secret of its own, generated at deploy in the shape the handlers read', () => {
    const secret = app.findResources('AWS::SecretsManager::Secret')[originSecretId()] as Resource;
    const generator = secret.Properties.GenerateSecretString as Record<string, unknown>;

    expect(JSON.parse(generator.SecretStringTemplate as string)).toEqual({ previous: '' });
    expect(generator).toMatchObject({
      GenerateStringKey: 'current',
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
  });

  it.each(ROUTE_GROUPS)('is checked by %s, which names the origin secret and may read it', (group) => {
    const fn = apiFunction(group);
    const reads = statementsOf(fn).filter(
      (statement) => JSON.stringify(statement.Resource) === JSON.stringify({ Ref: originSecretId() }),
    );

    expect(
      (fn[1].Properties.Environment as { Variables: Record<string, unknown> }).Variables.ORIGIN_SECRET_ID,
    ).toEqual({ Ref: originSecretId() });
    expect(reads.flatMap((statement) => asList(statement.Action))).toContain('secretsmanager:GetSecretValue');
  });
});

describe('the origin secret’s rotation', () => {
  it('runs every 30 days through its own Lambda, not at once on deploy', () => {
    const [rotationId] = rotationFunction();

    app.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: originSecretId() },
      RotationLambdaARN: { 'Fn::GetAtt': [rotationId, 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
      RotateImmediatelyOnUpdate: false,
    });
  });

  it('tells the Lambda which distribution to update', () => {
    const [, fn] = rotationFunction();

    expect((fn.Properties.Environment as { Variables: unknown }).Variables).toEqual({
      DISTRIBUTION_ID: { Ref: distributionId() },
    });
  });

  it('lets the Lambda change only this distribution and this secret', () => {
    const statements = statementsOf(rotationFunction());
    const resourcesFor = (prefix: string) =>
      statements
        .filter((statement) => asList(statement.Action).some((action) => action.startsWith(prefix)))
        .flatMap((statement) => ({ actions: asList(statement.Action), resource: statement.Resource }));

    expect(resourcesFor('cloudfront:')).toEqual([
      {
        actions: ['cloudfront:GetDistributionConfig', 'cloudfront:UpdateDistribution'],
        resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':cloudfront::123456789012:distribution/',
              { Ref: distributionId() },
            ],
          ],
        },
      },
    ]);
    expect(resourcesFor('secretsmanager:')).toEqual([
      {
        actions: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        resource: { Ref: originSecretId() },
      },
      { actions: ['secretsmanager:GetRandomPassword'], resource: '*' },
    ]);
    expect(
      statements
        .flatMap((statement) => asList(statement.Action))
        .some((action) => action.startsWith('dynamodb:')),
    ).toBe(false);
  });
});

describe('AWS WAF', () => {
  it('has its web ACL in a us-east-1 stack that deploys before the app’s, wherever the app runs', () => {
    expect(stackRegions).toEqual({ DeskbooksEdge: 'us-east-1', Deskbooks: REGION });
    expect(dependencies.Deskbooks).toContain('DeskbooksEdge');
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: {
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
        MetricName: 'deskbooks-web-acl',
      },
    });
  });

  it('is attached to the distribution, which reads its ARN from the us-east-1 stack', () => {
    const [[aclId] = []] = resourcesOf(edge, 'AWS::WAFv2::WebACL');
    const { WebACLId } = distributionConfig();
    const output = (
      WebACLId as { 'Fn::GetStackOutput': { StackName: string; Region: string; OutputName: string } }
    )['Fn::GetStackOutput'];

    expect(output).toMatchObject({ StackName: 'DeskbooksEdge', Region: 'us-east-1' });
    expect(edge.findOutputs(output.OutputName)[output.OutputName]?.Value).toEqual({
      'Fn::GetAtt': [aclId, 'Arn'],
    });
  });

  it.each([
    'AWSManagedRulesAmazonIpReputationList',
    'AWSManagedRulesCommonRuleSet',
    'AWSManagedRulesKnownBadInputsRuleSet',
  ])('applies the AWS managed rule group %s, with metrics', (name) => {
    const rule = webAclRules().find((candidate) => candidate.Name === name);

    expect(rule).toMatchObject({
      OverrideAction: { None: {} },
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
  });

  it('only counts bodies over 8 KB and HTML in bodies, which legitimate requests carry, and blocks the rest', () => {
    const common = webAclRules().find((rule) => rule.Name === 'AWSManagedRulesCommonRuleSet');

    expect(common?.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'CrossSiteScripting_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  it('blocks an address after 100 sign-ins, MFA codes or passkey challenges in 5 minutes, evaluated before the managed groups', () => {
    const rule = webAclRules().find((candidate) => candidate.Name === 'SignInRate');
    const routeMatch = (method: string, path: string) => ({
      AndStatement: {
        Statements: [
          {
            ByteMatchStatement: {
              FieldToMatch: { Method: {} },
              PositionalConstraint: 'EXACTLY',
              SearchString: method,
              TextTransformations: [{ Priority: 0, Type: 'NONE' }],
            },
          },
          {
            ByteMatchStatement: {
              FieldToMatch: { UriPath: {} },
              PositionalConstraint: 'EXACTLY',
              SearchString: path,
              TextTransformations: [
                { Priority: 0, Type: 'URL_DECODE' },
                { Priority: 1, Type: 'NORMALIZE_PATH' },
              ],
            },
          },
        ],
      },
    });

    expect(rule).toMatchObject({ Priority: 0, Action: { Block: {} } });
    expect(rule?.Statement.RateBasedStatement).toEqual({
      AggregateKeyType: 'IP',
      Limit: 100,
      EvaluationWindowSec: 300,
      ScopeDownStatement: {
        OrStatement: {
          Statements: [
            routeMatch('POST', '/api/session'),
            routeMatch('POST', '/api/mfa/verify'),
            routeMatch('POST', '/api/mfa/passkey-options'),
          ],
        },
      },
    });
    expect(Math.min(...webAclRules().map((candidate) => candidate.Priority))).toBe(rule?.Priority);
  });
});

describe('cdk-nag', () => {
  it('reports no unacknowledged finding in either stack', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string }[];
    };

    expect(report.pluginReports.filter((plugin) => plugin.conclusion !== 'success')).toEqual([]);
  });

  it('passes the distribution’s WAF rule (CFR2) instead of acknowledging it', () => {
    expect(acknowledged.filter(({ rule }) => rule.includes('CFR2'))).toEqual([]);
  });

  it('acknowledges nothing in the web ACL’s stack, and for the rotation only the wildcard IAM requires', () => {
    const forOrigin = acknowledged.filter(
      ({ path }) => path.startsWith('/DeskbooksEdge') || path.includes('OriginSecret'),
    );

    expect(forOrigin).toEqual([
      {
        path: '/Deskbooks/OriginSecret/RotationRole/DefaultPolicy',
        rule: 'Annotation::AwsSolutions-IAM5[Resource::*]',
      },
    ]);
  });
});
