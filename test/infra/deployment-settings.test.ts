import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readDeploymentSettings } from '../../infra/deployment-settings';

const settingsFor = (context: Record<string, unknown>) => readDeploymentSettings(new App({ context }).node);

describe('deployment settings from context', () => {
  it('defaults to the Intuit sandbox, info logs, no public URL and the backstop every 15 minutes', () => {
    expect(settingsFor({})).toEqual({
      intuitEnvironment: 'sandbox',
      logLevel: 'info',
      cdcIntervalMinutes: 15,
    });
  });

  it.each([
    ['30', 30],
    [60, 60],
  ])('runs the backstop every cdcIntervalMinutes=%s minutes', (cdcIntervalMinutes, minutes) => {
    expect(settingsFor({ cdcIntervalMinutes }).cdcIntervalMinutes).toBe(minutes);
  });

  it.each(['0', '2.5', 'often', 1441, true])('refuses cdcIntervalMinutes %s', (cdcIntervalMinutes) => {
    expect(() => settingsFor({ cdcIntervalMinutes })).toThrow(/cdcIntervalMinutes/);
  });

  it('keeps only the origin of publicUrl', () => {
    expect(settingsFor({ publicUrl: 'https://helpdesk.example.org/' }).publicUrl).toBe(
      'https://helpdesk.example.org',
    );
  });

  it.each(['http://helpdesk.example.org', 'https://helpdesk.example.org/app', 'helpdesk.example.org'])(
    'refuses publicUrl %s',
    (publicUrl) => {
      expect(() => settingsFor({ publicUrl })).toThrow(/publicUrl/);
    },
  );

  it('refuses an Intuit environment other than sandbox or production', () => {
    expect(() => settingsFor({ intuitEnvironment: 'development' })).toThrow(/intuitEnvironment/);
  });

  it('needs domainName and certificateArn together', () => {
    expect(() => settingsFor({ domainName: 'helpdesk.example.org' })).toThrow(/go together/);
  });

  it('refuses a certificate outside us-east-1, which CloudFront cannot use', () => {
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';

    expect(() => settingsFor({ domainName: 'helpdesk.example.org', certificateArn })).toThrow(/us-east-1/);
  });
});
