import { Stack, type StackProps } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { findRoute, type RouteKey } from '../shared/routes';

/**
 * The anonymous routes that take a secret: sign-in (a password) and the second factor (a code, or a passkey's challenge). Each
 * address gets `SIGN_IN_LIMIT` of them per window before WAF blocks it, on top of the app's own
 * per-account lockouts.
 */
export const RATE_LIMITED_ROUTES = [
  'POST /api/session',
  'POST /api/mfa/verify',
  'POST /api/mfa/passkey-options',
] as const satisfies readonly RouteKey[];
export const SIGN_IN_LIMIT = { requests: 100, windowSeconds: 300 };

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

// Matched after decoding and path normalising, so `/api/%73ession` or `/api//session` count too.
const PATH_TRANSFORMS = [
  { priority: 0, type: 'URL_DECODE' },
  { priority: 1, type: 'NORMALIZE_PATH' },
];

const matchesRoute = (routeKey: (typeof RATE_LIMITED_ROUTES)[number]): wafv2.CfnWebACL.StatementProperty => {
  const route = findRoute(routeKey);
  if (!route) throw new Error(`${routeKey} is not in the route table`);
  return {
    andStatement: {
      statements: [
        {
          byteMatchStatement: {
            fieldToMatch: { method: {} },
            positionalConstraint: 'EXACTLY',
            searchString: route.method,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        {
          byteMatchStatement: {
            fieldToMatch: { uriPath: {} },
            positionalConstraint: 'EXACTLY',
            searchString: route.path,
            textTransformations: PATH_TRANSFORMS,
          },
        },
      ],
    },
  };
};

const signInRateRule = (priority: number): wafv2.CfnWebACL.RuleProperty => ({
  name: 'SignInRate',
  priority,
  action: { block: {} },
  statement: {
    rateBasedStatement: {
      aggregateKeyType: 'IP',
      limit: SIGN_IN_LIMIT.requests,
      evaluationWindowSec: SIGN_IN_LIMIT.windowSeconds,
      scopeDownStatement: { orStatement: { statements: RATE_LIMITED_ROUTES.map(matchesRoute) } },
    },
  },
  visibilityConfig: visibility('deskbooks-sign-in-rate'),
});

type ManagedGroup = { name: string; countOnly?: { rule: string; why: string }[] };

// AWS's baseline groups. In the common rule set two body rules only count (they show in the metrics
// and the sampled requests) instead of blocking:
const MANAGED_GROUPS: readonly ManagedGroup[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList' },
  {
    name: 'AWSManagedRulesCommonRuleSet',
    countOnly: [
      {
        rule: 'SizeRestrictions_BODY',
        why: 'blocks bodies over 8 KB: Intuit webhook batches, long issue descriptions and billing entries exceed it; the API bounds each field itself (zod) and API Gateway the whole body',
      },
      {
        rule: 'CrossSiteScripting_BODY',
        why: "a helpdesk's issues quote HTML and script from customers' error pages; the web app renders text only (Preact escapes it) under a CSP without inline script",
      },
    ],
  },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet' },
];

const managedRule = (group: ManagedGroup, priority: number): wafv2.CfnWebACL.RuleProperty => ({
  name: group.name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name: group.name,
      ...(group.countOnly && {
        ruleActionOverrides: group.countOnly.map(({ rule }) => ({ name: rule, actionToUse: { count: {} } })),
      }),
    },
  },
  visibilityConfig: visibility(`deskbooks-${group.name}`),
});

/**
 * AWS WAF in front of the CloudFront distribution. A web ACL for CloudFront must live in us-east-1
 * whatever region the app runs in, so it has this stack of its own there; the app's stack reads its
 * ARN with Fn::GetStackOutput (infra/deskbooks-app.ts) and deploys after it.
 */
export class DeskbooksEdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: 'us-east-1' } });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: 'Deskbooks: in front of the web app and API',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules: [signInRateRule(0), ...MANAGED_GROUPS.map((group, index) => managedRule(group, index + 1))],
      visibilityConfig: visibility('deskbooks-web-acl'),
    });
  }
}
