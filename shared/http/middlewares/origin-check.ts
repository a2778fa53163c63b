import { createHash, timingSafeEqual } from 'node:crypto';
import { OriginRefusedError } from '../../errors';
import { ORIGIN_HEADER, type OriginSecret, type OriginSecretLoader } from '../../origin/origin-secret';
import type { ApiEvent, ApiMiddleware } from '../types';

// Digests have one length whatever was sent, so timingSafeEqual can compare them without leaking it.
const digest = (value: string) => createHash('sha256').update(value).digest();

const matches = (sent: Buffer, { current, previous }: OriginSecret) => {
  const isCurrent = timingSafeEqual(sent, digest(current));
  const isPrevious = previous !== '' && timingSafeEqual(sent, digest(previous));
  return isCurrent || isPrevious;
};

const headerOf = (event: ApiEvent) => event.headers?.[ORIGIN_HEADER];

/**
 * Before any other work: a request must carry the origin header CloudFront adds, with the origin
 * secret's current or previous value, so the API answers only through the site and never when called
 * at its own API Gateway address. A wrong value gets one fresh read of the secret before the refusal
 * (a rotation may have just moved it). The header's value is never logged.
 */
export const originCheck = (originSecret: OriginSecretLoader): ApiMiddleware => ({
  before: async ({ event }) => {
    const header = headerOf(event);
    if (!header) throw new OriginRefusedError();
    const sent = digest(header);
    if (matches(sent, await originSecret.values())) return;
    if (matches(sent, await originSecret.reload())) return;
    throw new OriginRefusedError();
  },
});
