import * as z from './validation/zod';

const booleanFlag = z.pipe(
  z.enum(['true', 'false', '1', '0']),
  z.transform((value) => value === 'true' || value === '1'),
);

const ConfigSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  /** Set only off AWS (DynamoDB Local). */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  /** Secrets Manager secret holding Intuit credentials and encryption keys (on AWS). */
  SECRET_ID: z.optional(z.string().check(z.minLength(1))),
  /** A JSON file with the same shape as the secret (on one machine). */
  SECRETS_FILE: z.optional(z.string().check(z.minLength(1))),
  /** Secrets Manager secret holding the value CloudFront sends in its origin header (on AWS). */
  ORIGIN_SECRET_ID: z.optional(z.string().check(z.minLength(1))),
  /** A JSON file with the same shape as the origin secret, which the local gateway sends too (one machine). */
  ORIGIN_SECRET_FILE: z.optional(z.string().check(z.minLength(1))),
  /** The site's public origin, e.g. https://deskbooks.example.com (OAuth redirect URI, links). */
  PUBLIC_URL: z.url(),
  SECURE_COOKIES: z._default(booleanFlag, true),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  /** Which Intuit environment the app's credentials belong to. */
  INTUIT_ENVIRONMENT: z._default(z.enum(['sandbox', 'production']), 'sandbox'),
  /**
   * Set only to reach a stand-in for Intuit (the local QBO emulator): every Intuit URL then lives
   * under this base with Intuit's own paths. Unset, the real Intuit endpoints are used.
   */
  INTUIT_BASE_URL: z.optional(z.url()),
});

export type Config = z.infer<typeof ConfigSchema>;

type Environment = Record<string, string | undefined>;

const parseEnvironment = <T>(schema: z.ZodMiniType<T>, env: Environment): T => {
  const result = z.safeParse(schema, env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
};

/** Parses the environment once; throws naming every bad variable so a bad deploy fails at cold start. */
export const loadConfig = (env: Environment = process.env): Config => {
  const config = parseEnvironment(ConfigSchema, env);
  if (!config.SECRET_ID && !config.SECRETS_FILE) {
    throw new Error('Invalid configuration: set SECRET_ID (AWS) or SECRETS_FILE (one machine)');
  }
  if (!config.ORIGIN_SECRET_ID && !config.ORIGIN_SECRET_FILE) {
    throw new Error('Invalid configuration: set ORIGIN_SECRET_ID (AWS) or ORIGIN_SECRET_FILE (one machine)');
  }
  return config;
};

// Lazy, so the bundles of functions that never load it leave it out.
const RotationConfigSchema = /* @__PURE__ */ z.lazy(() =>
  z.object({
    AWS_REGION: z.string().check(z.minLength(1)),
    /** The CloudFront distribution whose origin header the origin secret's rotation updates. */
    DISTRIBUTION_ID: z.string().check(z.minLength(1)),
  }),
);

export type RotationConfig = z.infer<typeof RotationConfigSchema>;

/** The origin secret's rotation Lambda needs only these; like `loadConfig`, it fails at cold start. */
export const loadRotationConfig = (env: Environment = process.env): RotationConfig =>
  parseEnvironment(RotationConfigSchema, env);
