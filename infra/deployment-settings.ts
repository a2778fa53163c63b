import type { Node } from 'constructs';
import { CDC_INTERVAL_MINUTES } from '../shared/event-sources';
import type { IntuitEnvironment, LogLevel } from './deskbooks-function';
import type { CustomDomain } from './web-site';

/** What an operator chooses per deployment, through `cdk deploy -c name=value`. */
export type DeploymentSettings = {
  /** The site's https origin as the Lambdas must know it (cookies, OAuth redirect URI, links). */
  publicUrl?: string;
  customDomain?: CustomDomain;
  intuitEnvironment: IntuitEnvironment;
  logLevel: LogLevel;
  /** How often the CDC backstop runs, in whole minutes. */
  cdcIntervalMinutes: number;
};

const INTUIT_ENVIRONMENTS = ['sandbox', 'production'] as const satisfies readonly IntuitEnvironment[];
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[];

const oneOf = <T extends string>(name: string, allowed: readonly T[], value: unknown, fallback: T): T => {
  if (value === undefined) return fallback;
  const match = allowed.find((candidate) => candidate === value);
  if (!match) throw new Error(`Context ${name} must be one of ${allowed.join(', ')}; got ${String(value)}`);
  return match;
};

const optionalString = (name: string, value: unknown): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context ${name} must be a string`);
  return value;
};

// EventBridge schedules in whole minutes; Intuit's CDC reaches 30 days back, so a day apart is plenty.
const MAX_CDC_INTERVAL_MINUTES = 24 * 60;

const cdcIntervalOf = (value: unknown): number => {
  if (value === undefined) return CDC_INTERVAL_MINUTES;
  // `-c cdcIntervalMinutes=30` arrives as a string, cdk.json may hold a number.
  const minutes = typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_CDC_INTERVAL_MINUTES) {
    throw new Error(
      `Context cdcIntervalMinutes must be a whole number of minutes from 1 to ${MAX_CDC_INTERVAL_MINUTES}; got ${String(value)}`,
    );
  }
  return minutes;
};

const httpsOrigin = (value: string): string => {
  const url = URL.parse(value);
  if (url?.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(
      `Context publicUrl must be an https origin such as https://deskbooks.example.com; got ${value}`,
    );
  }
  return url.origin;
};

const customDomainOf = (domainName?: string, certificateArn?: string): CustomDomain | undefined => {
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn) throw new Error('Context domainName and certificateArn go together');
  // CloudFront only accepts certificates issued in us-east-1.
  if (certificateArn.split(':')[3] !== 'us-east-1') {
    throw new Error(`Context certificateArn must be an ACM certificate in us-east-1; got ${certificateArn}`);
  }
  return { domainName, certificateArn };
};

export const readDeploymentSettings = (node: Node): DeploymentSettings => {
  const publicUrl = optionalString('publicUrl', node.tryGetContext('publicUrl'));
  const customDomain = customDomainOf(
    optionalString('domainName', node.tryGetContext('domainName')),
    optionalString('certificateArn', node.tryGetContext('certificateArn')),
  );
  return {
    ...(publicUrl && { publicUrl: httpsOrigin(publicUrl) }),
    ...(customDomain && { customDomain }),
    intuitEnvironment: oneOf(
      'intuitEnvironment',
      INTUIT_ENVIRONMENTS,
      node.tryGetContext('intuitEnvironment'),
      'sandbox',
    ),
    logLevel: oneOf('logLevel', LOG_LEVELS, node.tryGetContext('logLevel'), 'info'),
    cdcIntervalMinutes: cdcIntervalOf(node.tryGetContext('cdcIntervalMinutes')),
  };
};
