import * as z from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const ConfigSchema = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** Set only off AWS (DynamoDB Local). */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** Secrets Manager secret holding Intuit credentials and encryption keys (on AWS). */
  SECRET_ID: z.string().min(1).optional(),
  /** A JSON file with the same shape as the secret (on one machine). */
  SECRETS_FILE: z.string().min(1).optional(),
  /** The site's public origin, e.g. https://deskbooks.example.com (OAuth redirect URI, links). */
  PUBLIC_URL: z.url(),
  SECURE_COOKIES: booleanFlag.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Which Intuit environment the app's credentials belong to. */
  INTUIT_ENVIRONMENT: z.enum(['sandbox', 'production']).default('sandbox'),
  /**
   * Set only to reach a stand-in for Intuit (the local QBO emulator): every Intuit URL then lives
   * under this base with Intuit's own paths. Unset, the real Intuit endpoints are used.
   */
  INTUIT_BASE_URL: z.url().optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment once; throws naming every bad variable so a bad deploy fails at cold start. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  if (!result.data.SECRET_ID && !result.data.SECRETS_FILE) {
    throw new Error('Invalid configuration: set SECRET_ID (AWS) or SECRETS_FILE (one machine)');
  }
  return result.data;
};
