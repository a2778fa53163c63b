import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeskbooksApp } from '../../infra/deskbooks-app';

// A fresh clone: no context, no `npm run build` yet. `cdk synth` must still work and say what is missing,
// and a first `cdk deploy` must give the Lambdas the distribution's own origin.
type Resource = { Properties?: unknown; DependsOn?: string | string[] };

let template: Template;
let annotations: Annotations;
let outdir: string;

const referencesIn = (value: unknown, found = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref' && typeof inner === 'string') found.add(inner);
      else if (key === 'Fn::GetAtt' && Array.isArray(inner)) found.add(String(inner[0]));
      else referencesIn(inner, found);
    }
  }
  return found;
};

/** A cycle CloudFormation would refuse at deploy time, as a list of logical ids, or undefined. */
const findDependencyCycle = (resources: Record<string, Resource>): string[] | undefined => {
  const dependencies = (id: string) => {
    const resource = resources[id];
    const refs = referencesIn(resource?.Properties);
    for (const dependency of [resource?.DependsOn ?? []].flat()) refs.add(dependency);
    return [...refs].filter((ref) => ref in resources);
  };
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    for (const dependency of dependencies(id)) {
      const cycle = visit(dependency, [...path, id]);
      if (cycle) return cycle;
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of Object.keys(resources)) {
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return undefined;
};

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

  it('gives the Lambdas the CloudFront origin as PUBLIC_URL and talks to the Intuit sandbox', () => {
    const [distributionId] = Object.keys(template.findResources('AWS::CloudFront::Distribution'));
    const functions = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('^Deskbooks API:') },
      }),
    );

    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        PUBLIC_URL: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] },
        INTUIT_ENVIRONMENT: 'sandbox',
        LOG_LEVEL: 'info',
      });
    }
  });

  it('runs the QBO backstop every 15 minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
  });

  it('deploys in one go: no resource depends on itself through the distribution', () => {
    expect(findDependencyCycle(template.toJSON().Resources)).toBeUndefined();
  });
});
