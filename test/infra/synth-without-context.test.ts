import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskbooksApp } from '../../infra/deskbooks-app';

// A fresh clone: no context, no `npm run build` yet. `cdk synth` must still work and say what is missing.
let template: Template;
let annotations: Annotations;
let outdir: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'deskbooks-cdk-'));
  const { stack } = createDeskbooksApp({
    context: { 'aws:cdk:bundling-stacks': [] },
    outdir,
    webAssetsDir: join(outdir, 'no-web-build'),
  });
  template = Template.fromStack(stack);
  annotations = Annotations.fromStack(stack);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('synth without context or web build', () => {
  it('warns that the web app was not built and deploys no files', () => {
    annotations.hasWarning('*', Match.stringLikeRegexp('npm run build'));
    template.resourceCountIs('Custom::CDKBucketDeployment', 0);
  });

  it('warns that PUBLIC_URL is a placeholder and explains the second deploy', () => {
    annotations.hasWarning('*', Match.stringLikeRegexp('-c publicUrl='));
    template.hasOutput('PublicUrl', { Value: 'https://deskbooks.example.com' });
  });

  it('talks to the Intuit sandbox unless told otherwise', () => {
    const functions = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Deskbooks API:') },
      }),
    );

    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        INTUIT_ENVIRONMENT: 'sandbox',
        LOG_LEVEL: 'info',
        PUBLIC_URL: 'https://deskbooks.example.com',
      });
    }
  });
});
