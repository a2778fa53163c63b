import { existsSync } from 'node:fs';
import {
  Annotations,
  type CfnResource,
  DefaultStackSynthesizer,
  Duration,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { VIEWER_ADDRESS_HEADER } from '../shared/http/client-info';
import { ORIGIN_HEADER } from '../shared/origin/origin-secret';
import {
  WEB_CONTENT_SECURITY_POLICY,
  WEB_FRAME_OPTION,
  WEB_HSTS_INCLUDE_SUBDOMAINS,
  WEB_HSTS_MAX_AGE_SECONDS,
  WEB_REFERRER_POLICY,
} from '../shared/web-security-headers';

export type CustomDomain = { domainName: string; certificateArn: string };

export type WebSiteProps = {
  api: apigw.IHttpApi;
  /** What CloudFront sends the API in the origin header (a dynamic reference, resolved at deploy). */
  originHeaderValue: string;
  /** The WAF web ACL (scope CLOUDFRONT, in us-east-1) in front of the distribution. */
  webAclArn: string;
  /** The built web app (web/dist); when it does not exist the stack deploys no files and warns. */
  webAssetsDir: string;
  customDomain?: CustomDomain;
};

// Client-side routes (/issues/7) have no object in the bucket: serve the app shell for any path
// without a file extension. A viewer-request function, not distribution error responses, because
// those would also turn the API's own 403/404 JSON into index.html.
const SPA_REWRITE = `
function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

// API Gateway sees CloudFront's edge, not the viewer: hand the viewer's address on in a header of ours,
// replacing any a viewer sent (sign-in throttling and the session list rely on it).
const VIEWER_ADDRESS = `
function handler(event) {
  event.request.headers['${VIEWER_ADDRESS_HEADER}'] = { value: event.viewer.ip };
  return event.request;
}`;

// Vite puts content-hashed files under assets/: they never change, everything else must be revalidated.
const HASHED_ASSETS = 'assets/*';

/** The private bucket with the web app, and the CloudFront distribution serving it and /api/*. */
export class WebSite extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;
  /** The https origin viewers use: the custom domain, else the distribution's own domain. */
  readonly siteUrl: string;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    const logsBucket = new s3.Bucket(this, 'LogsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // CloudFront standard logging delivers through ACLs, so ACLs cannot be switched off on this bucket.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    this.bucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: 's3-site/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    });

    this.distribution = this.createDistribution(props, logsBucket);
    this.siteUrl = `https://${props.customDomain?.domainName ?? this.distribution.distributionDomainName}`;
    this.deployWebApp(props.webAssetsDir);
  }

  private createDistribution(props: WebSiteProps, logsBucket: s3.IBucket): cloudfront.Distribution {
    const responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Deskbooks security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: WEB_CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption[WEB_FRAME_OPTION], override: true },
        referrerPolicy: {
          referrerPolicy: WEB_REFERRER_POLICY as cloudfront.HeadersReferrerPolicy,
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(WEB_HSTS_MAX_AGE_SECONDS),
          includeSubdomains: WEB_HSTS_INCLUDE_SUBDOMAINS,
          override: true,
        },
      },
    });
    const spaRewrite = new cloudfront.Function(this, 'SpaRewrite', {
      comment: 'Serve index.html for client-side routes',
      code: cloudfront.FunctionCode.fromInline(SPA_REWRITE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    const viewerAddress = new cloudfront.Function(this, 'ViewerAddress', {
      comment: "Pass the viewer's address on to the API",
      code: cloudfront.FunctionCode.fromInline(VIEWER_ADDRESS),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    const stack = Stack.of(this);
    const apiOrigin = new origins.HttpOrigin(
      `${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`,
      {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        // The handlers refuse requests without it, so the API answers only through the site. CloudFront
        // replaces a viewer's header of the same name with this one.
        customHeaders: { [ORIGIN_HEADER]: props.originHeaderValue },
      },
    );

    const distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Deskbooks web app and API',
      webAclId: props.webAclArn,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      ...(props.customDomain && {
        domainNames: [props.customDomain.domainName],
        // Only a custom certificate can refuse TLS below 1.2; the default one is fixed by CloudFront.
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        certificate: acm.Certificate.fromCertificateArn(
          this,
          'Certificate',
          props.customDomain.certificateArn,
        ),
      }),
      enableLogging: true,
      logBucket: logsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy,
        functionAssociations: [
          { function: spaRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // Forwards cookies, query strings and headers except Host, which must name the API's own domain.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy,
          functionAssociations: [
            { function: viewerAddress, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
          ],
        },
      },
    });
    this.acknowledgeDistributionFindings(distribution, props);
    return distribution;
  }

  private acknowledgeDistributionFindings(distribution: cloudfront.Distribution, props: WebSiteProps) {
    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        "A helpdesk's staff and customers sign in from wherever they are; no country is known to be excluded. " +
        'Operators who know their audience can add geoRestriction.',
    });
    if (!props.customDomain) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot be limited to TLS 1.2+, only a custom certificate can. ' +
          'Deployments with domainName and certificateArn get TLSv1.2_2021 and pass this rule.',
      });
    }
  }

  private deployWebApp(webAssetsDir: string) {
    if (!existsSync(webAssetsDir)) {
      Annotations.of(this).addWarningV2(
        'deskbooks:webBuildMissing',
        `${webAssetsDir} does not exist, so no web app is deployed: run \`npm run build\` before \`cdk deploy\`.`,
      );
      return;
    }
    const source = s3deploy.Source.asset(webAssetsDir);
    const hashedAssets = new s3deploy.BucketDeployment(this, 'DeployHashedAssets', {
      sources: [source],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: [HASHED_ASSETS],
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      // Pages still open in a browser keep loading the chunks of the build they started with.
      prune: false,
    });
    const pages = new s3deploy.BucketDeployment(this, 'DeployPages', {
      sources: [source],
      destinationBucket: this.bucket,
      exclude: [HASHED_ASSETS],
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    // index.html must not name chunks that are not uploaded yet.
    pages.node.addDependency(hashedAssets);
    this.acknowledgeDeploymentHelperFindings();
  }

  // BucketDeployment runs one helper Lambda per stack, built by aws-cdk-lib with its own role;
  // each finding is acknowledged individually so a new one still fails the synth.
  private acknowledgeDeploymentHelperFindings() {
    const stack = Stack.of(this);
    const helper = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!helper) throw new Error('BucketDeployment helper Lambda not found');
    const siteBucketId = stack.getLogicalId(this.bucket.node.defaultChild as CfnResource);
    // cdk-nag names a pseudo parameter as <AWS::…>, a known account or region as it is.
    const named = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
    const assetsBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${named(stack.account, 'AWS::AccountId')}-${named(stack.region, 'AWS::Region')}`;
    const copiesFiles =
      'The CDK deployment helper copies the web build from the CDK assets bucket into the site bucket ' +
      'and must read and replace any object in either.';
    Validations.of(helper).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The CDK deployment helper only writes its own logs; aws-cdk-lib attaches this policy to its role.',
      },
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${copiesFiles} aws-cdk-lib grants these action groups; they stay limited to the two buckets.`,
      })),
      { id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetsBucket}/*]`, reason: copiesFiles },
      { id: `AwsSolutions-IAM5[Resource::<${siteBucketId}.Arn>/*]`, reason: copiesFiles },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'cloudfront:CreateInvalidation and GetInvalidation, granted by aws-cdk-lib on *, to invalidate the site after upload.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          "aws-cdk-lib picks the deployment helper's Python runtime; it moves with aws-cdk-lib upgrades.",
      },
    );
  }
}
