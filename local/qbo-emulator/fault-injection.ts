import { faultReply, QboFaultError } from './api/faults';
import {
  authenticationFailedReply,
  authorizationFailedReply,
  loadBalancerUnavailableReply,
  serverErrorReply,
  throttledReply,
} from './gateway-faults';
import type { Reply } from './http';

export interface FaultRule {
  id: number;
  method?: string;
  /** A path prefix, or a regular expression when it starts with `^`. */
  path: string;
  status?: number;
  code?: string;
  times: number;
  latencyMs?: number;
}

export type FaultSpec = Omit<FaultRule, 'id'>;

export interface FaultInjector {
  add(spec: FaultSpec): FaultRule;
  take(method: string, pathname: string): FaultRule | undefined;
  list(): FaultRule[];
  clear(): void;
}

const matches = (rule: FaultRule, method: string, pathname: string) =>
  (!rule.method || rule.method.toUpperCase() === method) &&
  (rule.path.startsWith('^') ? new RegExp(rule.path).test(pathname) : pathname.startsWith(rule.path));

export const parseFaultSpec = (input: Record<string, unknown>): FaultSpec => {
  const { method, path, status, code, times = 1, latencyMs } = input;
  if (typeof path !== 'string' || path === '') throw new RangeError('path must be a non-empty string');
  if (path.startsWith('^')) new RegExp(path);
  if (status !== undefined && (typeof status !== 'number' || status < 400 || status > 599))
    throw new RangeError('status must be an HTTP error status (400-599)');
  if (latencyMs !== undefined && (typeof latencyMs !== 'number' || latencyMs < 0))
    throw new RangeError('latencyMs must be a non-negative number');
  if (status === undefined && latencyMs === undefined) throw new RangeError('give status, latencyMs or both');
  if (typeof times !== 'number' || times < 1) throw new RangeError('times must be a positive number');
  if (method !== undefined && typeof method !== 'string') throw new RangeError('method must be a string');
  if (code !== undefined && typeof code !== 'string') throw new RangeError('code must be a string');
  return { method, path, status, code, times, latencyMs };
};

export const createFaultInjector = (): FaultInjector => {
  let rules: FaultRule[] = [];
  let nextId = 1;
  return {
    add: (spec) => {
      const rule = { ...spec, id: nextId++ };
      rules.push(rule);
      return rule;
    },
    take: (method, pathname) => {
      const rule = rules.find((candidate) => matches(candidate, method, pathname));
      if (!rule) return undefined;
      rule.times -= 1;
      if (rule.times <= 0) rules = rules.filter((candidate) => candidate !== rule);
      return { ...rule };
    },
    list: () => rules.map((rule) => ({ ...rule })),
    clear: () => {
      rules = [];
    },
  };
};

export const injectedFaultReply = (status: number, code: string | undefined, now: number): Reply => {
  if (status === 401) return authenticationFailedReply('Token expired: injected', now);
  if (status === 403) return authorizationFailedReply(now, code);
  if (status === 429) return throttledReply(1, now);
  if (status === 503 && code === undefined) return loadBalancerUnavailableReply();
  if (status >= 500) return serverErrorReply(status, code ?? '10000', now);
  const item = {
    Message: 'A business validation error has occurred while processing your request',
    Detail: 'Business Validation Error: injected fault',
    code: code ?? '6000',
    element: '',
  };
  return faultReply(new QboFaultError(item, status), now);
};

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
