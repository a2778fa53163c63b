import { Validations } from 'aws-cdk-lib';
import * as apigwv1 from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, type RouteGroup, routeKeyOf } from '../shared/routes';

// One line of JSON per request, without headers or cookies (they carry the session token).
const ACCESS_LOG_FORMAT = apigwv1.AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

// Default route throttling for the whole stage: ample for a helpdesk's staff, a brake on floods
// (notably of sign-in attempts, each of which costs a scrypt hash).
const DEFAULT_THROTTLE = { rateLimit: 50, burstLimit: 100 };

/** The HTTP API with its stage; `routeTo` adds one route per entry of shared/routes.ts. */
export class DeskbooksHttpApi extends Construct {
  readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Deskbooks API, served to browsers through CloudFront at /api/*',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
  }

  /** Sends each route to its group's Lambda, one integration per group. */
  routeTo(functions: ReadonlyMap<RouteGroup, lambda.IFunction>) {
    const integrations = new Map<RouteGroup, HttpLambdaIntegration>();
    const integrationOf = (group: RouteGroup) => {
      const existing = integrations.get(group);
      if (existing) return existing;
      const fn = functions.get(group);
      if (!fn) throw new Error(`No Lambda for route group ${group}`);
      const integration = new HttpLambdaIntegration(`${group}-integration`, fn);
      integrations.set(group, integration);
      return integration;
    };

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        "Each Lambda authenticates its requests itself: the session middleware reads every route's access rule " +
        '(public or signed-in roles, MFA) from shared/routes.ts and checks the session cookie. A Lambda ' +
        'authorizer would repeat that lookup and add a second cold start to every request.',
    });
    for (const route of ROUTES) {
      new apigw.HttpRoute(this, routeKeyOf(route), {
        httpApi: this.api,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration: integrationOf(route.group),
      });
    }
  }
}
