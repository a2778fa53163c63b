import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskbooksApp } from '../../infra/deskbooks-app';

const DOMAIN = 'helpdesk.example.org';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

let template: Template;
let outdir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'deskbooks-cdk-'));
  const { stack } = createDeskbooksApp({
    context: { 'aws:cdk:bundling-stacks': [], domainName: DOMAIN, certificateArn: CERTIFICATE },
    outdir,
    webAssetsDir: join(outdir, 'no-web-build'),
  });
  template = Template.fromStack(stack);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('custom domain', () => {
  it('serves the site on the domain with TLS 1.2 or newer', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [DOMAIN],
        ViewerCertificate: {
          AcmCertificateArn: CERTIFICATE,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
  });

  it('gives the Lambdas the domain as PUBLIC_URL without a second deploy', () => {
    const functions = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Deskbooks API:') },
      }),
    );

    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables.PUBLIC_URL).toBe(`https://${DOMAIN}`);
    }
  });

  it('outputs the redirect URI on the domain', () => {
    template.hasOutput('IntuitRedirectUri', { Value: `https://${DOMAIN}/api/qbo/callback` });
  });
});
