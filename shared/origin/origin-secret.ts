import { type SecretsSource, secretReader } from '../secrets';
import * as z from '../validation/zod';

/**
 * The header CloudFront adds to each request it forwards to the API (infra/web-site.ts),
 * in lower case as API Gateway hands it on.
 */
export const ORIGIN_HEADER = 'x-deskbooks-origin';

/**
 * The value CloudFront sends the API in its origin header, as the origin secret holds it: `current` is
 * what CloudFront sends, `previous` what it sent before the last rotation (empty until one).
 */
export type OriginSecret = { current: string; previous: string };

const OriginSecretSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    current: z.string().check(z.minLength(32)),
    previous: z._default(z.string(), ''),
  }),
);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text it choked on.
    throw new Error('Origin secret: not JSON');
  }
};

/** Parses the secret's JSON text; the error names the field, never its value. */
export const parseOriginSecret = (text: string): OriginSecret => {
  const result = OriginSecretSchema.safeParse(parseJson(text));
  if (!result.success) {
    throw new Error(`Origin secret: ${result.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  }
  return result.data;
};

export type OriginSecretLoader = {
  /** The values to check a request against: read at the first request, then again when they are old. */
  values(): Promise<OriginSecret>;
  /** Read again now unless that was tried a moment ago (a rotation may have just moved `current`). */
  reload(): Promise<OriginSecret>;
};

export type OriginSecretLoaderOptions = {
  /** How old the values may grow before a request reads them again: how soon a rotation reaches warm Lambdas. */
  maxAgeMs?: number;
  /** The least time between two reads, so requests with a wrong header cannot make us read on each one. */
  minIntervalMs?: number;
  clock?: () => number;
};

const FIVE_MINUTES_MS = 5 * 60_000;
const TEN_SECONDS_MS = 10_000;

/**
 * Unlike the app secret, the origin secret rotates under running Lambdas, so it is read again every
 * `maxAgeMs`. A read that fails while values are held keeps them (Secrets Manager failing for a moment
 * must not refuse every request) and is tried again after `minIntervalMs`; with nothing held it throws.
 */
export const createOriginSecretLoader = (
  source: SecretsSource,
  {
    maxAgeMs = FIVE_MINUTES_MS,
    minIntervalMs = TEN_SECONDS_MS,
    clock = Date.now,
  }: OriginSecretLoaderOptions = {},
): OriginSecretLoader => {
  const read = secretReader(source);
  let held: OriginSecret | undefined;
  let readAt = Number.NEGATIVE_INFINITY;
  let nextReadAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<OriginSecret> | undefined;

  const readNow = () => {
    reading ??= read()
      .then(parseOriginSecret)
      .then(
        (values) => {
          held = values;
          readAt = clock();
          nextReadAt = readAt + maxAgeMs;
          return values;
        },
        (error: unknown) => {
          readAt = clock();
          nextReadAt = readAt + minIntervalMs;
          if (held) return held;
          throw error;
        },
      )
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };

  return {
    values: () => (held && clock() < nextReadAt ? Promise.resolve(held) : readNow()),
    reload: () => (held && clock() < readAt + minIntervalMs ? Promise.resolve(held) : readNow()),
  };
};
